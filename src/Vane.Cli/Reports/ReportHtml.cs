using System.Net;
using System.Text;
using Vane.Loading;
using Vane.Steering;

namespace Vane.Cli.Reports;

/// <summary>report.html of `vane steer`: the choice first, then the evidence, then samples.</summary>
public static class ReportHtml
{
    /// <summary>Writes report.html (and its plots) into <paramref name="dir"/>.</summary>
    public static void Write(string dir, SteerReport report)
    {
        var plots = ReportPlots.Write(dir, report);
        var h = new StringBuilder();
        h.Append("<!doctype html><html><head><meta charset=\"utf-8\"><title>Vane steering report</title><style>")
         .Append("body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;color:#222}")
         .Append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;")
         .Append("text-align:right;vertical-align:top}th{background:#f3f3f3}td.text{text-align:left;")
         .Append("font-family:Georgia,serif;max-width:340px}.chosen{background:#fff3c4}")
         .Append(".box{background:#f6f8fa;border-left:4px solid #2b6cb0;padding:.6em 1em}img{max-width:100%}")
         .Append("</style></head><body>");
        h.Append($"<h1>Steering vector: {E(Path.GetFileName(report.Pairs))}</h1>");
        h.Append("<div class=\"box\">").Append(Summary(report)).Append("</div>");
        h.Append($"<p>Model <code>{E(report.Model)}</code>; method <b>{E(report.Method)}</b>, read at ")
         .Append($"<b>{E(report.ReadPosition)}</b>; {report.TrainPairs} pairs for extraction, ")
         .Append($"{report.HeldOutPairs} held out.</p>");
        h.Append($"<p><b>Effect</b>: {E(report.EffectMeasure)}. <b>Rule</b>: {E(report.SelectionRule)}</p>");

        if (report.Samples.Count > 0)
        {
            h.Append("<h2>Continuations at the chosen setting</h2><table><tr><th>prompt</th><th>unsteered</th>")
             .Append("<th>steered</th><th>opposite (negative strength)</th></tr>");
            foreach (var s in report.Samples)
                h.Append($"<tr><td class=\"text\">{E(s.Prompt)}</td><td class=\"text\">{E(s.Unsteered)}</td>")
                 .Append($"<td class=\"text\">{E(s.Steered)}</td><td class=\"text\">{E(s.Negated)}</td></tr>");
            h.Append("</table>");
        }

        if (report.Conditional is { } g)
            h.Append(ConditionalHtml(g));
        if (report.Transport is { } tr)
            h.Append(TransportHtml(tr));
        if (report.Dynamic is { } d)
            h.Append(DynamicHtml(report, d));

        h.Append("<h2>Sweep</h2>");
        foreach (var (file, caption) in plots)
            h.Append($"<figure><img src=\"{file}\" alt=\"{E(caption)}\">" +
                $"<figcaption>{E(caption)}</figcaption></figure>");
        h.Append(SweepTable(report));
        h.Append(LayerTable(report));
        h.Append("<p>Timings: ")
         .Append(E(string.Join(", ", report.Timings.Select(t => $"{t.Key} {t.Value:F1} s")))).Append("</p>");
        h.Append("</body></html>");
        AtomicFile.WriteText(Path.Combine(dir, "report.html"), h.ToString());
    }

    static string Summary(SteerReport r)
    {
        if (r.Chosen is not { } c)
            return "<b>No setting passed the side-effect cap.</b> Try smaller strengths or other blocks.";
        string shares = c.TargetShare is double t && r.Baseline.TargetShare is double t0
            ? $" Target words went from {t0:P1} to <b>{t:P1}</b> of generated words."
            : "";
        return $"<b>Chosen: block {c.Layer}, strength {c.Strength:g3}.</b>{shares} Off-target perplexity " +
               $"{Signed(c.PerplexityRise)}; KL {c.Kl:F3}. Saved in <code>vector.gguf</code> (direction." +
               $"{c.Layer}, already scaled: apply it at strength 1).";
    }

    static string ConditionalHtml(ConditionalSection g)
    {
        int not = g.Rows.Count - g.Holds;
        var h = new StringBuilder($"<h2>Conditional steering (CAST): condition {E(g.Condition)}</h2>")
            .Append($"<p>The condition held on {g.Holds} of {g.Rows.Count} prompts; {g.ChangedWhereHolds} of those ")
            .Append($"continuations changed. Of the {not} where it did not hold, {g.IdenticalWhereNot} are ")
            .Append("token-identical to the unsteered run.</p><table><tr><th>prompt</th><th>holds</th>")
            .Append("<th>gated continuation</th></tr>");
        foreach (var r in g.Rows)
            h.Append($"<tr><td class=\"text\">{E(r.Prompt)}</td><td>{(r.Holds ? "yes" : "no")}</td>")
             .Append($"<td class=\"text\">{E(r.Text)}</td></tr>");
        return h.Append("</table>").ToString();
    }

    static string TransportHtml(TransportSection t)
    {
        var h = new StringBuilder("<h2>Activation transport (Linear-AcT)</h2><p>Sites: ")
            .Append(E(string.Join(", ", t.Sites))).Append(". lambda = 0 is ")
            .Append(t.IdenticalAtZero ? "token-identical to" : "<b>not</b> identical to")
            .Append(" the unsteered run.</p>");
        if (t.TargetShares is { } shares)
        {
            h.Append("<table><tr><th>lambda</th><th>target share</th></tr>");
            for (int i = 0; i < t.Lambdas.Count; i++)
                h.Append($"<tr><td>{t.Lambdas[i]:g3}</td><td>{shares[i]:P1}</td></tr>");
            h.Append("</table>");
        }
        h.Append("<table><tr><th>prompt</th><th>continuation at lambda 1</th></tr>");
        foreach (var s in t.Samples)
            h.Append($"<tr><td class=\"text\">{E(s.Prompt)}</td><td class=\"text\">{E(s.Text)}</td></tr>");
        return h.Append("</table>").ToString();
    }

    static string DynamicHtml(SteerReport r, DynamicSection d)
    {
        var h = new StringBuilder("<h2>Dynamic strength (DAC)</h2><p>Each token's strength a_t is the KL divergence ")
            .Append("between the unsteered and the maximally steered next-token distributions (top-p 0.95 union), ")
            .Append($"clipped to [0, {d.MaxStrength:g3}]. Mean a_t over the first 5 steps {d.MeanStrengthEarly:F3}, ")
            .Append($"over the last 10 steps {d.MeanStrengthLate:F3}.");
        if (d.TargetShare is double t && r.Chosen?.TargetShare is double fixedShare)
            h.Append($" Target words: DAC {t:P1}, fixed strength {fixedShare:P1}.");
        h.Append("</p><p>Mean a_t by step: ")
         .Append(E(string.Join(" ", d.MeanStrengthByStep.Select(x => x.ToString("F2"))))).Append("</p>");
        h.Append("<table><tr><th>prompt</th><th>DAC continuation</th></tr>");
        foreach (var s in d.Samples)
            h.Append($"<tr><td class=\"text\">{E(s.Prompt)}</td><td class=\"text\">{E(s.Text)}</td></tr>");
        return h.Append("</table>").ToString();
    }

    static string SweepTable(SteerReport r)
    {
        var h = new StringBuilder("<table><tr><th>block</th><th>strength</th><th>effect</th><th>target share</th>" +
                                  "<th>opposite share</th><th>perplexity</th><th>rise</th><th>KL</th></tr>");
        foreach (var c in new[] { r.Baseline }.Concat(r.Sweep.OrderBy(c => c.Layer).ThenBy(c => c.Strength)))
        {
            string cls = ReferenceEquals(c, r.Chosen) || c == r.Chosen ? " class=\"chosen\"" : "";
            string layer = c.Layer < 0 ? "none" : c.Layer.ToString();
            h.Append($"<tr{cls}><td>{layer}</td><td>{c.Strength:g3}</td><td>{c.Effect:F4}</td>")
             .Append($"<td>{Pct(c.TargetShare)}</td><td>{Pct(c.OppositeShare)}</td>")
             .Append($"<td>{(c.Perplexity is double p ? p.ToString("F2") : "")}</td>")
             .Append($"<td>{Signed(c.PerplexityRise)}</td>")
             .Append($"<td>{c.Kl:F4}</td></tr>");
        }
        return h.Append("</table>").ToString();
    }

    static string LayerTable(SteerReport r)
    {
        var h = new StringBuilder("<h2>Extraction per block</h2><table><tr><th>block</th><th>norm</th>" +
                                  "<th>sign agreement</th><th>held-out separation</th>" +
                                  "<th>explained variance</th></tr>");
        foreach (var l in r.Layers)
            h.Append($"<tr><td>{l.Layer}</td><td>{l.Norm:F3}</td><td>{l.SignAgreement:P0}</td>")
             .Append($"<td>{l.Separation:P0}</td>")
             .Append($"<td>{(l.ExplainedVariance is double v ? v.ToString("P0") : "")}</td></tr>");
        return h.Append("</table>").ToString();
    }

    static string Pct(double? x) => x is double v ? v.ToString("P1") : "";

    static string Signed(double x) => (x >= 0 ? "+" : "") + x.ToString("P1");

    static string E(string s) => WebUtility.HtmlEncode(s);
}
