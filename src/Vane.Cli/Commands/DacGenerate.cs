using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Vane.Generation;
using Vane.Model;
using Vane.Steering;
using Vane.Steering.Files;
using Vane.Tokenization;

namespace Vane.Cli.Commands;

/// <summary>The --dac flags of `vane generate` as parsed.</summary>
/// <param name="Enabled">Whether --dac was given.</param>
/// <param name="MaxStrength">a_max of every property (--dac-max).</param>
/// <param name="TopP">The nucleus of the restricted KL (--dac-top-p).</param>
public sealed record DacFlags(bool Enabled, float MaxStrength, float TopP);

/// <summary>
/// `vane generate --steer FILE --dac`: Dynamic Activation Composition, each --steer vector
/// (times its :STRENGTH) a property whose per-token strength is in [0, --dac-max].
/// </summary>
public static class DacGenerate
{
    static readonly Option<bool> Dac = new("--dac")
    {
        Description = "Steer with Dynamic Activation Composition: a per-token strength for each --steer vector",
    };
    static readonly Option<float> Max = new("--dac-max")
    {
        Description = "With --dac: the largest strength a_max (also the probe strength)",
        DefaultValueFactory = _ => 2f,
    };
    static readonly Option<float> TopP = new("--dac-top-p")
    {
        Description = "With --dac: nucleus of the distributions the KL is taken over, in (0, 1]",
        DefaultValueFactory = _ => 0.95f,
    };

    /// <summary>The options to add to the generate command.</summary>
    public static Option[] Options => [Dac, Max, TopP];

    /// <summary>The flags of a parsed command line.</summary>
    public static DacFlags Read(ParseResult r) => new(r.GetValue(Dac), r.GetValue(Max), r.GetValue(TopP));

    /// <summary>
    /// Generates from <paramref name="ids"/> with DAC; text to stdout, the per-token strengths
    /// of each property to stderr. Returns the exit code.
    /// </summary>
    public static int Run(
        TransformerModel model,
        TextTokenizer? tokenizer,
        int[] ids,
        List<SteerSpec> steering,
        GenerationOptions options,
        DacFlags flags,
        ILogger log)
    {
        if (steering.Count == 0)
            throw new ArgumentException("--dac needs at least one --steer vector");
        var properties = steering.Select(s => new DacProperty(
            ControlVectorFile.Read(s.Path, model.Config).Scale(s.Strength))
        {
            Layers = s.Layers,
            MaxStrength = flags.MaxStrength,
            Name = Path.GetFileName(s.Path),
        }).ToList();
        var dacOptions = new DacOptions
        {
            MaxNewTokens = options.MaxNewTokens,
            Sampling = options.Sampling,
            StopIds = options.StopIds,
            TopP = flags.TopP,
        };
        log.LogInformation("DAC: {Count} properties, a_max {Max}, top-p {TopP}", properties.Count,
            flags.MaxStrength, flags.TopP);

        var stream = tokenizer is null ? null : new TokenTextStream(tokenizer);
        var result = new DynamicGenerator(model).Generate([ids], properties, dacOptions, (_, token, _) =>
        {
            Console.Out.Write(stream is null ? $"{token} " : stream.Append(token));
            Console.Out.Flush();
        })[0];
        Console.Out.WriteLine(stream?.Flush() ?? "");

        for (int k = 0; k < properties.Count; k++)
        {
            var a = result.Strengths[k];
            string list = string.Join(" ", a.Select(x => x.ToString("F3", CultureInfo.InvariantCulture)));
            log.LogInformation("DAC strengths of {Name} per token (mean {Mean:F3}): {List}", properties[k].Name,
                a.Length == 0 ? 0 : a.Average(), list);
        }
        return 0;
    }
}
