using System.CommandLine;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Vane.Benchmarking;
using Vane.Hooks;
using Vane.Model;

namespace Vane.Cli.Commands;

/// <summary>
/// `vane bench`: prompt and decode speed against the memory-bandwidth bound, and with
/// --vs-llamacpp, beside llama.cpp on the same GGUF file with the same thread count.
/// </summary>
public static class BenchCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var model = ModelOptions.Model();
        model.Required = false;
        var vsLlamaCpp = new Option<string?>("--vs-llamacpp")
        {
            Description = "A .gguf file run by both Vane and llama.cpp (LLamaSharp CPU backend), side by side",
        };
        var promptTokens = new Option<int>("--prompt-tokens")
        {
            Description = "Prompt length",
            DefaultValueFactory = _ => 64,
        };
        var decodeTokens = new Option<int>("--decode-tokens")
        {
            Description = "Decode steps per run",
            DefaultValueFactory = _ => 32,
        };
        var steer = new Option<string[]>("--steer")
        {
            Description = "Also time decoding with these steering vectors FILE[:STRENGTH][@LAYERS]",
        };
        var sparsity = new Option<string[]>("--sparsity")
        {
            Description = "Also decode through the sparse kernels with these plans: files from `vane sparsify " +
                "plan` (plan25.json plan50.json), or TEAL sparsities calibrated on random tokens (0.25,0.5)",
            AllowMultipleArgumentsPerToken = true,
        };
        var runs = new Option<int>("--runs")
        {
            Description = "Timed runs (median reported)",
            DefaultValueFactory = _ => 5,
        };
        var cmd = new Command("bench", "Measure prompt and decode speed against memory bandwidth (or llama.cpp)")
        {
            model, vsLlamaCpp, promptTokens, decodeTokens, runs, steer, sparsity,
        };
        cmd.SetAction(r => CliErrors.Run(() => Run(r.GetValue(model), r.GetValue(vsLlamaCpp),
            new BenchmarkSettings(r.GetValue(promptTokens), r.GetValue(decodeTokens), r.GetValue(runs)),
            (r.GetValue(steer) ?? []).Select(SteerSpec.Parse).ToList(),
            r.GetValue(sparsity) is { Length: > 0 } s ? SparseBenchmark.Parse(s) : [])));
        return cmd;
    }

    static int Run(
        string? modelSpec,
        string? gguf,
        BenchmarkSettings settings,
        List<SteerSpec> steering,
        List<SparseBenchmark.Spec> sparsity)
    {
        if (settings.Runs < 1 || settings.PromptTokens < 1 || settings.DecodeTokens < 1)
            throw new ArgumentException("--runs, --prompt-tokens and --decode-tokens must be at least 1");
        if ((modelSpec is null) == (gguf is null))
            throw new ArgumentException("give --model, or --vs-llamacpp FILE.gguf");
        using var logging = ModelOptions.Logging();
        var log = logging.CreateLogger("vane");
        using var model = ModelOptions.LoadModel(ModelOptions.ResolveFolder(modelSpec ?? gguf!), log);
        var sparseCases = SparseBenchmark.Prepare(model, sparsity, settings);

        if (gguf is not null)
            return VersusLlamaCpp(model, gguf, settings, sparseCases, log);

        double bandwidth = MemoryBandwidth.MeasureRead();
        var result = DecodeBenchmark.Run(model, settings);

        // the same with a hook that does nothing at every block's resid_post: the cost of the hook path
        var hooks = new HookSet(model.Config);
        using var noop = hooks.Add("blocks.*.hook_resid_post", _ => { });
        var hooked = DecodeBenchmark.Run(model, settings with { Hooks = hooks });
        BenchmarkResult? steered = null;
        if (steering.Count > 0)
        {
            var steerHooks = new HookSet(model.Config);
            var registrations = steering.Select(s => s.Apply(steerHooks, model.Config)).ToList();
            steered = DecodeBenchmark.Run(model, settings with { Hooks = steerHooks });
            registrations.ForEach(r => r.Dispose());
        }

        var table = Facts(model, settings);
        table.AddRow($"prompt ({settings.PromptTokens} tokens)", $"{result.PromptTokensPerSecond:F1} tokens/s");
        table.AddRow("decode (batch 1)", $"{result.DecodeTokensPerSecond:F2} tokens/s");
        table.AddRow("weight bytes per token", $"{result.BytesPerToken / 1e6:F1} MB");
        table.AddRow("decode read rate", $"{result.DecodeBytesPerSecond / 1e9:F2} GB/s");
        table.AddRow("memory read bandwidth", $"{bandwidth / 1e9:F2} GB/s");
        table.AddRow("decode / bandwidth bound", $"{result.DecodeBytesPerSecond / bandwidth:P0}");
        table.AddRow("decode, no-op hook on every block", $"{hooked.DecodeTokensPerSecond:F2} tokens/s " +
            $"({hooked.DecodeTokensPerSecond / result.DecodeTokensPerSecond:F3}x)");
        if (steered is not null)
            table.AddRow("decode, steered", $"{steered.DecodeTokensPerSecond:F2} tokens/s " +
                $"({steered.DecodeTokensPerSecond / result.DecodeTokensPerSecond:F3}x)");
        if (sparseCases.Count > 0)
        {
            // dense and sparse in alternating rounds, so the machine's slow spells hit both
            var (dense, rows) = SparseBenchmark.Run(model, settings, sparseCases, log);
            table.AddRow("decode, dense (rounds alternating with sparse)",
                $"{dense.DecodeTokensPerSecond:F2} tokens/s");
            foreach (var row in rows)
                table.AddRow($"decode, {Markup.Escape(row.Label)}",
                    $"{row.Result.DecodeTokensPerSecond:F2} tokens/s ({row.VersusDense:F2}x dense, " +
                    "median of per-round ratios)");
        }
        AnsiConsole.Write(table);
        string runs = string.Join(", ", result.DecodeRuns.Select(r => r.ToString("F2")));
        log.LogInformation("decode runs (tokens/s): {Runs}", runs);
        return 0;
    }

    static int VersusLlamaCpp(
        TransformerModel model,
        string gguf,
        BenchmarkSettings settings,
        List<SparseBenchmark.Case> sparse,
        ILogger log)
    {
        var ours = DecodeBenchmark.Run(model, settings);
        var theirs = LlamaCppBenchmark.Run(gguf, model.Config, settings);

        var table = Facts(model, settings);
        table.AddRow("", "[bold]Vane[/] | [bold]llama.cpp[/] | Vane / llama.cpp");
        table.AddRow($"prompt ({settings.PromptTokens} tokens), tokens/s",
            $"{ours.PromptTokensPerSecond:F1} | {theirs.Prompt:F1} | {ours.PromptTokensPerSecond / theirs.Prompt:F2}x");
        table.AddRow("decode (batch 1), tokens/s",
            $"{ours.DecodeTokensPerSecond:F2} | {theirs.Decode:F2} | {ours.DecodeTokensPerSecond / theirs.Decode:F2}x");
        if (sparse.Count > 0)
        {
            var (dense, rows) = SparseBenchmark.Run(model, settings, sparse, log);
            table.AddRow("decode, Vane dense (rounds alternating with sparse)",
                $"{dense.DecodeTokensPerSecond:F2} | {theirs.Decode:F2} | " +
                $"{dense.DecodeTokensPerSecond / theirs.Decode:F2}x");
            foreach (var row in rows)
                table.AddRow($"decode, Vane {Markup.Escape(row.Label)}",
                    $"{row.Result.DecodeTokensPerSecond:F2} | (dense {theirs.Decode:F2}) | " +
                    $"{row.VersusDense:F2}x Vane dense (median of per-round ratios), " +
                    $"{row.Result.DecodeTokensPerSecond / theirs.Decode:F2}x llama.cpp dense");
        }
        AnsiConsole.Write(table);
        log.LogInformation("decode runs (tokens/s): Vane {Ours}; llama.cpp {Theirs}",
            string.Join(", ", ours.DecodeRuns.Select(r => r.ToString("F2"))),
            string.Join(", ", theirs.DecodeRuns.Select(r => r.ToString("F2"))));
        return 0;
    }

    static Table Facts(TransformerModel model, BenchmarkSettings settings)
    {
        var table = new Table().AddColumns("measure", "value");
        table.AddRow("model", Markup.Escape(model.Config.ToString()));
        table.AddRow("weights", $"{model.WeightType}, {model.ParameterCount / 1e6:F1} M parameters");
        table.AddRow("threads", Environment.ProcessorCount.ToString());
        table.AddRow("runs (median reported)", settings.Runs.ToString());
        return table;
    }
}
