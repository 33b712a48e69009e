using System.CommandLine;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Vane.Steering;

namespace Vane.Cli.Commands;

/// <summary>
/// `vane transport fit`: fit a Linear-AcT transport from source texts to target texts.
/// </summary>
public static class TransportCommand
{
    /// <summary>Builds the command with its `fit` subcommand.</summary>
    public static Command Create() => new("transport", "Activation transport (Linear-AcT, docs/methods.md section 6)")
    {
        Fit(),
    };

    static Command Fit()
    {
        var model = ModelOptions.Model();
        var source = new Option<string>("--source")
        {
            Description = "Source texts: one passage per line, or JSONL with \"text\"",
            Required = true,
        };
        var target = new Option<string>("--target")
        {
            Description = "Target texts, as many as the source, same format",
            Required = true,
        };
        var sites = new Option<string>("--sites")
        {
            Description = "Hook sites, e.g. 'blocks.2.hook_resid_post,blocks.3.hook_resid_post' " +
                "or 'blocks.*.hook_mlp_post'",
            Required = true,
        };
        var method = new Option<TransportMethod>("--method")
        {
            Description = "linear (sorted least squares), mean (shift) or gaussian",
            DefaultValueFactory = _ => TransportMethod.Linear,
        };
        var output = new Option<string>("--out", "-o") { Description = "Output .safetensors file", Required = true };
        var cmd = new Command("fit", "Fit per-unit affine maps from source to target activations")
        {
            model, source, target, sites, method, output,
        };
        cmd.SetAction(r => CliErrors.Run(() => Run(r.GetValue(model)!, r.GetValue(source)!,
            r.GetValue(target)!, r.GetValue(sites)!, r.GetValue(method), r.GetValue(output)!)));
        return cmd;
    }

    static int Run(string modelSpec, string sourcePath, string targetPath, string sitesText,
        TransportMethod method, string output)
    {
        // inputs are checked before the model loads
        var source = PromptFile.Read(sourcePath);
        var target = PromptFile.Read(targetPath);
        if (source.Count != target.Count)
            throw new ArgumentException(
                $"{sourcePath} has {source.Count} texts and {targetPath} {target.Count}: give as many of each");
        Vane.Loading.AtomicFile.CheckWritable(output);
        using var logging = ModelOptions.Logging();
        var log = logging.CreateLogger("vane");

        var sw = Stopwatch.StartNew();
        string folder = ModelOptions.ResolveFolder(modelSpec);
        using var model = ModelOptions.LoadModel(folder, log);
        var tokenizer = ModelOptions.LoadTokenizer(folder, log);
        var sites = TransportSites.Resolve(sitesText, model.Config.NLayers);

        var map = TransportFit.Fit(model, source.Select(t => tokenizer.Encode(t)).ToList(),
            target.Select(t => tokenizer.Encode(t)).ToList(), sites, method,
            Path.GetFileName(Path.TrimEndingDirectorySeparator(folder)));
        TransportFile.Write(output, map);
        log.LogInformation("fitted {Method} transport at {Sites} from {N} source and {N2} target texts " +
            "in {Ms:F0} ms; wrote {Path}", method, string.Join(",", sites), source.Count, target.Count,
            sw.Elapsed.TotalMilliseconds, output);
        return 0;
    }
}
