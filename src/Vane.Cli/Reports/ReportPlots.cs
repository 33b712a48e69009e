using ScottPlot;
using Vane.Steering;

namespace Vane.Cli.Reports;

/// <summary>The PNG plots of a steering report (ScottPlot), written beside report.html.</summary>
public static class ReportPlots
{
    /// <summary>Writes every plot into <paramref name="dir"/>; returns (file name, caption) pairs.</summary>
    public static List<(string File, string Caption)> Write(string dir, SteerReport report)
    {
        var files = new List<(string, string)>();
        void Save(Plot plot, string name, string caption)
        {
            string tmp = Path.Combine(dir, $".{name}.tmp.png");
            plot.SavePng(tmp, 720, 420);
            File.Move(tmp, Path.Combine(dir, name), overwrite: true);
            files.Add((name, caption));
        }

        Save(ByStrength(report, c => c.Effect, "effect"), "effect.png",
            $"Effect ({report.EffectMeasure}) against strength, one line per block.");
        Save(ByStrength(report, c => 100 * c.PerplexityRise, "off-target perplexity rise (%)"),
            "side-effect.png", "Side effect: relative rise of off-target perplexity against strength.");
        Save(ByStrength(report, c => c.Kl, "mean KL(unsteered || steered)"), "kl.png",
            "Side effect: KL divergence of next-token distributions on the prompts.");
        Save(Quality(report), "layers.png", "Extraction quality per block: held-out separation and sign agreement.");
        return files;
    }

    static Plot ByStrength(SteerReport report, Func<SweepCell, double> y, string yLabel)
    {
        var plot = new Plot();
        foreach (var group in report.Sweep.GroupBy(c => c.Layer).OrderBy(g => g.Key))
        {
            var cells = group.OrderBy(c => c.Strength).ToArray();
            var line = plot.Add.Scatter(cells.Select(c => (double)c.Strength).ToArray(), cells.Select(y).ToArray());
            line.LegendText = $"block {group.Key}";
        }
        if (report.Chosen is { } chosen)
        {
            var mark = plot.Add.Marker(chosen.Strength, y(chosen), MarkerShape.OpenCircle, 18, Colors.Red);
            mark.LegendText = "chosen";
        }
        plot.XLabel("strength");
        plot.YLabel(yLabel);
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    static Plot Quality(SteerReport report)
    {
        var plot = new Plot();
        double[] layers = report.Layers.Select(l => (double)l.Layer).ToArray();
        var sep = plot.Add.Scatter(layers, report.Layers.Select(l => l.Separation).ToArray());
        sep.LegendText = "held-out separation accuracy";
        var agree = plot.Add.Scatter(layers, report.Layers.Select(l => l.SignAgreement).ToArray());
        agree.LegendText = "sign agreement (training pairs)";
        plot.Axes.SetLimitsY(0, 1.05);
        plot.XLabel("block");
        plot.YLabel("share");
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }
}
