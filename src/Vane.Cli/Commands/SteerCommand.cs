using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Vane.Cli.Reports;
using Vane.Evaluation;
using Vane.Loading;
using Vane.Steering;
using Vane.Steering.Files;

namespace Vane.Cli.Commands;

/// <summary>
/// `vane steer`: the main job. Extract a vector from contrast pairs, sweep blocks and
/// strengths, choose by effect per unit of side effect, and write vector.gguf and a report.
/// </summary>
public static class SteerCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var model = ModelOptions.Model();
        var pairs = new Option<string>("--pairs")
        {
            Description = "JSONL of {\"positive\": ..., \"negative\": ...} contrast pairs",
            Required = true,
        };
        var method = new Option<string>("--method")
        {
            Description = "mean-diff, pca-diff, pca-center or logistic",
            DefaultValueFactory = _ => "mean-diff",
        };
        var layers = new Option<string?>("--layers") { Description = "Blocks to sweep, e.g. '1..4' or '2,3,-1'" };
        var strengths = new Option<string>("--strengths")
        {
            Description = "Strengths to sweep, comma-separated",
            DefaultValueFactory = _ => "0.1,0.25,0.5,1,2",
        };
        var prompts = new Option<string?>("--eval-prompts") { Description = "Prompt file continued to measure effect" };
        var neutral = new Option<string?>("--neutral-text")
        {
            Description = "Off-target text: its perplexity rise is the side effect",
        };
        var target = new Option<string?>("--target-words")
        {
            Description = "Word list of the behaviour (one per line)",
        };
        var opposite = new Option<string?>("--opposite-words") { Description = "Word list of the opposite behaviour" };
        var maxNew = new Option<int>("--max-new-tokens", "-n")
        {
            Description = "Tokens generated per prompt",
            DefaultValueFactory = _ => 40,
        };
        var cap = new Option<double>("--max-ppl-rise")
        {
            Description = "Largest accepted perplexity rise (0.2 = +20%)",
            DefaultValueFactory = _ => 0.2,
        };
        var when = new Option<string?>("--when")
        {
            Description = "A CAST condition.json: also report the chosen vector gated by it",
        };
        var transport = new Option<string?>("--transport")
        {
            Description = "A transport file from 'vane transport fit': also report its effect at lambda 0..1",
        };
        var dac = new Option<bool>("--dac") { Description = "Also compare dynamic strength (DAC) at the chosen block" };
        var output = new Option<string>("--out", "-o")
        {
            Description = "Output folder",
            DefaultValueFactory = _ => "steer-out",
        };
        var cmd = new Command("steer", "Extract, sweep, choose and export a steering vector (the main job)")
        {
            model, pairs, method, layers, strengths, prompts, neutral, target, opposite, maxNew, cap, dac,
            when, transport, output,
        };
        cmd.SetAction(r => CliErrors.Run(() => Run(r.GetValue(model)!, r.GetValue(pairs)!, r.GetValue(output)!,
            r.GetValue(method)!, r.GetValue(layers), r.GetValue(strengths)!, r.GetValue(prompts), r.GetValue(neutral),
            r.GetValue(target), r.GetValue(opposite), r.GetValue(maxNew), r.GetValue(cap), r.GetValue(dac),
            r.GetValue(when), r.GetValue(transport))));
        return cmd;
    }

    static int Run(
        string modelSpec,
        string pairsPath,
        string outDir,
        string methodName,
        string? layers,
        string strengths,
        string? promptsPath,
        string? neutralPath,
        string? targetPath,
        string? oppositePath,
        int maxNew,
        double cap,
        bool dac,
        string? when,
        string? transportPath)
    {
        // every input is read and checked before the model is loaded
        var options = new SteerJobOptions
        {
            Method = ParseMethod(methodName),
            Layers = layers is null ? null : LayerSelection.Parse(layers),
            Strengths = ParseStrengths(strengths),
            EvalPrompts = promptsPath is null ? SteerJobOptions.DefaultPrompts : PromptFile.Read(promptsPath),
            NeutralText = neutralPath is null ? null : ReadText(neutralPath),
            TargetWords = targetPath is null ? null : LoadWords(targetPath),
            OppositeWords = oppositePath is null ? null : LoadWords(oppositePath),
            Dynamic = dac,
            MaxNewTokens = maxNew >= 1
                ? maxNew
                : throw new ArgumentException($"--max-new-tokens is {maxNew}, expected >= 1"),
            MaxPerplexityRise = cap > 0 && double.IsFinite(cap)
                ? cap
                : throw new ArgumentException($"--max-ppl-rise is {cap}, expected > 0"),
        };
        _ = JsonlPairs.Read(pairsPath);
        if (transportPath is not null && !File.Exists(transportPath))
            throw new IOException($"{transportPath}: transport file not found");
        if (when is not null && !File.Exists(when))
            throw new IOException($"{when}: condition file not found");
        PrepareOutput(outDir);

        using var logging = ModelOptions.Logging();
        var log = logging.CreateLogger("vane");
        string path = ModelOptions.ResolveFolder(modelSpec);
        using var model = ModelOptions.LoadModel(path, log);
        var tokenizer = ModelOptions.LoadTokenizer(path, log);
        if (when is not null)
            options = options with { Condition = ConditionFile.Read(when, model.Config) };
        if (transportPath is not null)
            options = options with { Transport = TransportFile.Read(transportPath, model.Config) };
        if (options.Layers is { } sel)
            sel.Resolve(model.Config.NLayers); // a block out of range fails here, naming the range

        var job = new SteerJob(model, tokenizer, options);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        SteerJobResult result = null!;
        console.Progress().Start(ctx =>
        {
            var task = ctx.AddTask("extracting");
            result = job.Run(modelSpec, pairsPath, (what, done, total) =>
            {
                task.Description = Markup.Escape(what);
                task.MaxValue = total;
                task.Value = done;
            });
        });

        Write(outDir, result);
        Summarise(result.Report, outDir, log);
        return result.Report.Chosen is null ? 3 : 0;
    }

    static void Write(string dir, SteerJobResult result)
    {
        if (result.Chosen is { } chosen)
            ControlVectorFile.Write(chosen, Path.Combine(dir, "vector.gguf"));
        ControlVectorFile.Write(result.AllLayers, Path.Combine(dir, "vectors-all-blocks.gguf"));
        var json = JsonSerializer.Serialize(result.Report, new JsonSerializerOptions { WriteIndented = true });
        AtomicFile.WriteText(Path.Combine(dir, "report.json"), json);
        ReportHtml.Write(dir, result.Report);
    }

    static void Summarise(SteerReport r, string dir, ILogger log)
    {
        var table = new Table().AddColumns("prompt", "unsteered", "steered");
        foreach (var s in r.Samples.Take(6))
            table.AddRow(Markup.Escape(s.Prompt), Markup.Escape(OneLine(s.Unsteered)),
                Markup.Escape(OneLine(s.Steered)));
        AnsiConsole.Write(table);
        if (r.Chosen is { } c)
            log.LogInformation("chosen: block {Layer}, strength {Strength}; effect {Effect:F3} " +
                "(target share {Target} vs {Base} unsteered); perplexity rise {Rise:P1}; wrote {Dir}/vector.gguf",
                c.Layer, c.Strength, c.Effect, c.TargetShare?.ToString("P1") ?? "-",
                r.Baseline.TargetShare?.ToString("P1") ?? "-", c.PerplexityRise, dir);
        else
            log.LogWarning("no setting passed the side-effect cap; see {Dir}/report.html", dir);
        log.LogInformation("report: {Html}", Path.Combine(dir, "report.html"));
    }

    static string OneLine(string s) => s.ReplaceLineEndings(" ").Trim();

    static DirectionMethod ParseMethod(string name) => name.ToLowerInvariant() switch
    {
        "mean-diff" or "mean_diff" or "diffmean" => DirectionMethod.MeanDifference,
        "pca-diff" or "pca_diff" => DirectionMethod.PcaDiff,
        "pca-center" or "pca_center" or "pca-pairwise" => DirectionMethod.PcaCenter,
        "logistic" => DirectionMethod.Logistic,
        _ => throw new ArgumentException($"--method is '{name}', expected mean-diff, pca-diff, pca-center or logistic"),
    };

    static float[] ParseStrengths(string text)
    {
        var values = new List<float>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!float.TryParse(part, System.Globalization.CultureInfo.InvariantCulture, out float v)
                || !float.IsFinite(v))
                throw new ArgumentException($"--strengths: '{part}' is not a finite number");
            values.Add(v);
        }
        return values.Count > 0 ? [.. values] : throw new ArgumentException("--strengths is empty");
    }

    static string ReadText(string path) =>
        File.Exists(path) ? File.ReadAllText(path) : throw new IOException($"{path}: text file not found");

    static WordList LoadWords(string path)
    {
        if (!File.Exists(path))
            throw new IOException($"{path}: word list not found");
        var list = WordList.Load(path);
        return list.Count > 0 ? list : throw new FormatException($"{path}: the word list is empty");
    }

    static void PrepareOutput(string dir)
    {
        if (File.Exists(dir))
            throw new IOException($"{dir}: --out is a file, expected a folder");
        Directory.CreateDirectory(dir);
        AtomicFile.CheckWritable(Path.Combine(dir, "report.json"));
    }
}
