using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ScottPlot;
using Vane.Sparsity;

namespace Vane.Cli.Commands;

/// <summary>
/// `vane sparsify eval`: held-out perplexity and measured sparsity of one plan, or of every
/// method at several sparsities from a calibration; a table on stdout, JSON and a PNG beside --out.
/// </summary>
public static class SparsifyEvalCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var model = ModelOptions.Model();
        var plan = new Option<string?>("--plan") { Description = "A plan file to evaluate" };
        var cal = new Option<string?>("--cal") { Description = "A calibration file: sweep all methods" };
        var text = new Option<string[]>("--text")
        {
            Description = "Held-out text file(s)",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var sparsities = new Option<double[]>("--sparsities")
        {
            Description = "Target sparsities of the sweep",
            DefaultValueFactory = _ => [0, 0.25, 0.4, 0.5, 0.65],
            AllowMultipleArgumentsPerToken = true,
        };
        var maxTokens = new Option<int>("--max-tokens")
        {
            Description = "Tokens scored per text at most",
            DefaultValueFactory = _ => 4096,
        };
        var rounds = SparsifyPlanCommand.RefineRounds("With --cal: rounds");
        var refineTokens = SparsifyPlanCommand.RefineTokens();
        var output = new Option<string?>("--out", "-o") { Description = "Output .json (a .png is written beside it)" };
        var cmd = new Command("eval", "Perplexity and measured sparsity of sparsified runs")
        {
            model, plan, cal, text, sparsities, maxTokens, rounds, refineTokens, output,
        };
        cmd.SetAction(r => CliErrors.Run(() => Run(r.GetValue(model)!, r.GetValue(plan), r.GetValue(cal),
            r.GetValue(text)!, r.GetValue(sparsities)!, r.GetValue(maxTokens), r.GetValue(rounds),
            r.GetValue(refineTokens), r.GetValue(output))));
        return cmd;
    }

    static int Run(string modelSpec, string? planPath, string? calPath, string[] texts, double[] sparsities,
        int maxTokens, int rounds, int refineTokens, string? output)
    {
        if ((planPath is null) == (calPath is null))
            throw new ArgumentException("give exactly one of --plan FILE or --cal FILE");
        using var logging = ModelOptions.Logging();
        var log = logging.CreateLogger("vane");
        string folder = ModelOptions.ResolveFolder(modelSpec);
        using var model = ModelOptions.LoadModel(folder, log);
        var tokenizer = ModelOptions.LoadTokenizer(folder, log);
        var ids = texts.Select(t => tokenizer.Encode(File.ReadAllText(t), addSpecial: true)).ToList();

        var plans = new List<SparsityPlan>();
        if (planPath is not null)
            plans.Add(SparsityFiles.ReadPlan(planPath, model));
        else
        {
            var calibration = SparsityFiles.ReadCalibration(calPath!, model);
            foreach (var method in Enum.GetValues<SparsityMethod>())
                foreach (double s in sparsities)
                    plans.Add(SparsifyPlanCommand.Build(calibration, calPath!, model, method, s, 0, rounds, log,
                        refineTokens));
        }
        var results = new List<SparsityResult>();
        foreach (var p in plans)
        {
            var res = SparsityEvaluation.Evaluate(model, p, ids, maxTokens: maxTokens);
            log.LogInformation("{Method} at {Target:P0}: perplexity {Ppl:F3}, measured {Eff:P1}",
                p.Method, p.Target, res.Perplexity, res.Effective.Average());
            results.Add(res);
        }
        PrintTables(results);
        if (output is not null)
        {
            Vane.Loading.AtomicFile.WriteText(output, JsonSerializer.Serialize(results,
                new JsonSerializerOptions
                {
                    WriteIndented = true,
                    Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
                }));
            Plot(results, Path.ChangeExtension(output, ".png"));
        }
        return 0;
    }

    static void PrintTables(List<SparsityResult> results)
    {
        var targets = results.Select(r => r.Target).Distinct().OrderBy(t => t).ToArray();
        Console.WriteLine("perplexity | " + string.Join(" | ", targets.Select(t => $"{t:P0}")));
        foreach (var g in results.GroupBy(r => r.Method))
            Console.WriteLine($"{g.Key} | " + string.Join(" | ",
                targets.Select(t => g.FirstOrDefault(r => r.Target == t)?.Perplexity.ToString("F3") ?? "-")));
        Console.WriteLine();
        // CHESS keeps k, v, gate and up dense, so its model-wide share is below the target.
        Console.WriteLine("measured model-wide sparsity (share of projection weights skipped) | " +
            string.Join(" | ", targets.Select(t => $"{t:P0}")));
        foreach (var g in results.GroupBy(r => r.Method))
            Console.WriteLine($"{g.Key} | " + string.Join(" | ",
                targets.Select(t => g.FirstOrDefault(r => r.Target == t)?.Effective.Average().ToString("P1") ?? "-")));
        Console.WriteLine();
        Console.WriteLine("measured sparsity per block: method target | block: qkv o gateup down (effective) " +
            "| the input farthest from its own target; qkv as its sparsest reader reads it (CHESS: q)");
        foreach (var r in results.Where(r => r.Target > 0))
        {
            var blocks = r.Measured.Select((m, l) =>
                $"{l}: {string.Join(" ", m.Select(v => $"{100 * v:F1}"))} ({100 * r.Effective[l]:F1})");
            var (layer, input, dev) = r.WorstInput();
            Console.WriteLine($"{r.Method} {r.Target:P0} | {string.Join("; ", blocks)} | block {layer} {input} " +
                $"{100 * dev:+0.0;-0.0} points from {100 * r.Targets[layer][(int)input]:F1}");
        }
    }

    static void Plot(List<SparsityResult> results, string path)
    {
        var plot = new Plot();
        foreach (var g in results.GroupBy(r => r.Method))
        {
            var pts = g.OrderBy(r => r.Target).ToArray();
            var line = plot.Add.Scatter(pts.Select(r => 100 * r.Effective.Average()).ToArray(),
                pts.Select(r => r.Perplexity).ToArray());
            line.LegendText = g.Key.ToString();
        }
        // Measured rather than target sparsity on x: methods that leave projections dense (CHESS)
        // then sit where their weight savings put them.
        plot.XLabel("projection weights skipped, measured model-wide (%)");
        plot.YLabel("held-out perplexity");
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, 720, 420);
    }
}
