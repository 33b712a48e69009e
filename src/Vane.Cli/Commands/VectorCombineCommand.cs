using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Vane.Steering;
using Vane.Steering.Files;

namespace Vane.Cli.Commands;

/// <summary>`vane vector combine a.gguf:0.5 b.gguf:-1 --out c.gguf`: a weighted sum of vector files.</summary>
public static class VectorCombineCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var terms = new Argument<string[]>("terms")
        {
            Description = "Vector files with weights, FILE:WEIGHT (FILE alone means weight 1)",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string>("--out", "-o") { Description = "Output .gguf file", Required = true };
        var cmd = new Command("combine", "Write the weighted sum of vector files as a new vector file")
        {
            terms, output,
        };
        cmd.SetAction(r => CliErrors.Run(() => Run(r.GetValue(terms)!, r.GetValue(output)!)));
        return cmd;
    }

    static int Run(string[] specs, string output)
    {
        if (!output.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"--out '{output}' should end in .gguf");
        var parsed = specs.Select(Parse).ToList();
        var terms = parsed.Select(t => (ControlVectorFile.Read(t.Path), t.Weight)).ToList();
        var sum = SteeringVector.Combine(terms);
        string recipe = string.Join(" + ", parsed.Select(t =>
            $"{t.Weight.ToString("R", CultureInfo.InvariantCulture)} * {Path.GetFileName(t.Path)}"));
        var result = new SteeringVector(sum.DModel, sum.Directions)
        {
            ModelHint = sum.ModelHint,
            Metadata = new Dictionary<string, string> { ["combined_from"] = recipe },
        };
        ControlVectorFile.Write(result, output);
        using var logging = ModelOptions.Logging();
        logging.CreateLogger("vane").LogInformation("Wrote {Path}: {Recipe}, blocks {Blocks}", output, recipe,
            string.Join(",", result.Directions.Keys));
        return 0;
    }

    /// <summary>Splits FILE:WEIGHT at its last colon; a missing weight is 1.</summary>
    public static (string Path, float Weight) Parse(string spec)
    {
        int colon = spec.LastIndexOf(':');
        if (colon < 0)
            return (spec, 1f);
        string path = spec[..colon], weight = spec[(colon + 1)..];
        if (path.Length == 0)
            throw new ArgumentException($"'{spec}': no file before the colon, expected FILE:WEIGHT");
        if (!float.TryParse(weight, NumberStyles.Float, CultureInfo.InvariantCulture, out float w)
            || !float.IsFinite(w))
            throw new ArgumentException($"'{spec}': weight '{weight}' is not a finite number, expected FILE:WEIGHT " +
                "such as a.gguf:0.5");
        return (path, w);
    }
}
