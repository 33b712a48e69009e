using System.CommandLine;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Vane.Sparsity;

namespace Vane.Cli.Commands;

/// <summary>
/// `vane sparsify calibrate|plan|eval`: training-free activation sparsity (docs/methods.md section 7).
/// </summary>
public static class SparsifyCommand
{
    /// <summary>Builds the command with its subcommands.</summary>
    public static Command Create() => new("sparsify", "Activation sparsity: TEAL, WINA, CHESS (methods.md section 7)")
    {
        Calibrate(), SparsifyPlanCommand.Create(), SparsifyEvalCommand.Create(),
    };

    static Command Calibrate()
    {
        var model = ModelOptions.Model();
        var text = new Option<string[]>("--text")
        {
            Description = "Calibration text file(s)",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var output = new Option<string>("--out", "-o") { Description = "Output calibration .json", Required = true };
        var maxTokens = new Option<int>("--max-tokens")
        {
            Description = "Calibration tokens at most, an equal share from each text",
            DefaultValueFactory = _ => 32768,
        };
        var skip = new Option<int>("--skip-tokens")
        {
            Description = "Tokens left out at the start of each text, e.g. the ones " +
                "`sparsify eval --max-tokens` scores on the same file",
            DefaultValueFactory = _ => 0,
        };
        var cmd = new Command("calibrate", "Collect activation statistics of every projection input")
        {
            model, text, output, maxTokens, skip,
        };
        cmd.SetAction(r => CliErrors.Run(() => RunCalibrate(r.GetValue(model)!, r.GetValue(text)!,
            r.GetValue(output)!, r.GetValue(maxTokens), r.GetValue(skip))));
        return cmd;
    }

    static int RunCalibrate(string modelSpec, string[] texts, string output, int maxTokens, int skip)
    {
        Vane.Loading.AtomicFile.CheckWritable(output);
        using var logging = ModelOptions.Logging();
        var log = logging.CreateLogger("vane");
        var sw = Stopwatch.StartNew();
        string folder = ModelOptions.ResolveFolder(modelSpec);
        using var model = ModelOptions.LoadModel(folder, log);
        var tokenizer = ModelOptions.LoadTokenizer(folder, log);
        var perText = texts
            .Select(t => (IReadOnlyList<int>)tokenizer.Encode(File.ReadAllText(t), addSpecial: true))
            .ToList();
        if (perText.All(t => t.Count <= skip))
            throw new ArgumentException(
                $"--text {string.Join(' ', texts)}: no calibration tokens left after --skip-tokens {skip} " +
                $"(the texts have {string.Join(", ", perText.Select(t => t.Count))} tokens)");
        int[] ids = CalibrationText.Mix(perText, maxTokens, skip);
        int[] used = CalibrationText.Shares(perText.Select(t => t.Count).ToArray(), maxTokens, skip);
        for (int i = 0; i < texts.Length; i++)
            log.LogInformation("{Text}: {Tokens} tokens; calibrating on {Used} of them, from token {Skip}",
                texts[i], perText[i].Count, used[i], skip);

        long lastPercent = -10;
        var cal = Calibrator.Run(model, ids, texts, new CalibrationOptions { MaxTokens = maxTokens },
            (done, total) =>
            {
                long percent = 100 * done / total;
                if (percent - lastPercent >= 10 || done == total)
                {
                    lastPercent = percent;
                    log.LogInformation("calibrating: {Done}/{Total} tokens", done, total);
                }
            });
        SparsityFiles.WriteCalibration(output, cal);
        log.LogInformation("calibrated {Layers} blocks on {Tokens} tokens in {Ms:F0} ms; wrote {Path}",
            cal.Layers.Count, cal.Tokens, sw.Elapsed.TotalMilliseconds, output);
        return 0;
    }
}
