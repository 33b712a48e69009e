using System.CommandLine;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Vane.Benchmarking;
using Vane.Hooks;

namespace Vane.Cli.Commands;

/// <summary>`vane bench`: prompt and decode speed, and decode against the memory-bandwidth bound.</summary>
public static class BenchCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var model = ModelOptions.Model();
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
        var runs = new Option<int>("--runs")
        {
            Description = "Timed runs (median reported)",
            DefaultValueFactory = _ => 5,
        };
        var cmd = new Command("bench", "Measure prompt and decode speed against the machine's memory bandwidth")
        {
            model, promptTokens, decodeTokens, runs,
        };
        cmd.SetAction(r => CliErrors.Run(() => Run(r.GetValue(model)!,
            new BenchmarkSettings(r.GetValue(promptTokens), r.GetValue(decodeTokens), r.GetValue(runs)))));
        return cmd;
    }

    static int Run(string modelSpec, BenchmarkSettings settings)
    {
        if (settings.Runs < 1 || settings.PromptTokens < 1 || settings.DecodeTokens < 1)
            throw new ArgumentException("--runs, --prompt-tokens and --decode-tokens must be at least 1");
        using var logging = ModelOptions.Logging();
        var log = logging.CreateLogger("vane");
        using var model = ModelOptions.LoadModel(ModelOptions.ResolveFolder(modelSpec), log);

        double bandwidth = MemoryBandwidth.MeasureRead();
        var result = DecodeBenchmark.Run(model, settings);

        // the same with a hook that does nothing at every block's resid_post: the cost of the hook path
        var hooks = new HookSet(model.Config);
        using var noop = hooks.Add("blocks.*.hook_resid_post", _ => { });
        var hooked = DecodeBenchmark.Run(model, settings with { Hooks = hooks });

        var table = new Table().AddColumns("measure", "value");
        table.AddRow("model", Markup.Escape(model.Config.ToString()));
        table.AddRow("weights", $"{model.WeightType}, {model.ParameterCount / 1e6:F1} M parameters");
        table.AddRow("threads", Environment.ProcessorCount.ToString());
        table.AddRow($"prompt ({settings.PromptTokens} tokens)", $"{result.PromptTokensPerSecond:F1} tokens/s");
        table.AddRow("decode (batch 1)", $"{result.DecodeTokensPerSecond:F2} tokens/s");
        table.AddRow("weight bytes per token", $"{result.BytesPerToken / 1e6:F1} MB");
        table.AddRow("decode read rate", $"{result.DecodeBytesPerSecond / 1e9:F2} GB/s");
        table.AddRow("memory read bandwidth", $"{bandwidth / 1e9:F2} GB/s");
        table.AddRow("decode / bandwidth bound", $"{result.DecodeBytesPerSecond / bandwidth:P0}");
        table.AddRow("decode, no-op hook on every block", $"{hooked.DecodeTokensPerSecond:F2} tokens/s " +
            $"({hooked.DecodeTokensPerSecond / result.DecodeTokensPerSecond:F3}x)");
        AnsiConsole.Write(table);
        string runs = string.Join(", ", result.DecodeRuns.Select(r => r.ToString("F2")));
        log.LogInformation("decode runs (tokens/s): {Runs}", runs);
        return 0;
    }
}
