using Vane.Hooks;
using Vane.Model;

namespace Vane.Sparsity;

/// <summary>Runs a model over calibration tokens and gathers a <see cref="Calibration"/>.</summary>
public static class Calibrator
{
    /// <summary>
    /// Cuts <paramref name="tokens"/> into windows of <see cref="CalibrationOptions.Window"/> tokens
    /// (at most <see cref="CalibrationOptions.MaxTokens"/> in all), runs them in batches with hooks
    /// at the four projection inputs of every block, and returns the statistics with the tokens
    /// used (for <see cref="PlanRefiner"/>).
    /// </summary>
    /// <param name="model">The model to calibrate; not modified.</param>
    /// <param name="tokens">Calibration token stream.</param>
    /// <param name="sources">Names of the texts, recorded in the result.</param>
    /// <param name="options">Window and sampling settings; defaults when null.</param>
    /// <param name="progress">Called with (tokens done, tokens total) after each pass.</param>
    /// <exception cref="ArgumentException">Fewer than 2 tokens.</exception>
    public static Calibration Run(
        TransformerModel model,
        IReadOnlyList<int> tokens,
        IReadOnlyList<string> sources,
        CalibrationOptions? options = null,
        Action<long, long>? progress = null)
    {
        options ??= new CalibrationOptions();
        var c = model.Config;
        int total = Math.Min(tokens.Count, options.MaxTokens);
        if (total < 2)
            throw new ArgumentException($"calibration needs at least 2 tokens, got {total}", nameof(tokens));

        var collectors = Enumerable.Range(0, c.NLayers)
            .Select(l => new LayerCollector(model.Layers[l], c, options.SampleRows, options.Seed + l)).ToArray();
        var hooks = new HookSet(c);
        var registrations = collectors.SelectMany((col, l) => col.Register(hooks, l)).ToList();

        int[] all = tokens.Take(total).ToArray();
        CalibrationPasses.Run(model, all, options, hooks, progress);
        registrations.ForEach(r => r.Dispose());

        return new Calibration
        {
            Model = ModelSignature.Of(model),
            Tokens = total,
            Sources = sources,
            TokenIds = all,
            Layers = collectors.Select(col => col.Finish(options.CurveRows)).ToList(),
        };
    }
}
