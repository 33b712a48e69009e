using Microsoft.Extensions.Logging;
using Vane.Benchmarking;
using Vane.Model;
using Vane.Sparsity;

namespace Vane.Cli.Commands;

/// <summary>
/// The sparse rows of `vane bench --sparsity`: TEAL thresholds calibrated on the model's own
/// activations (random tokens, so any model works, tokenizer or not), then decode through the
/// sparse kernels at each target sparsity.
/// </summary>
public static class SparseBenchmark
{
    /// <summary>Parses "0.25,0.5" into target sparsities in (0, 0.9].</summary>
    public static double[] ParseTargets(string text)
    {
        var targets = new List<double>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!double.TryParse(part, System.Globalization.CultureInfo.InvariantCulture, out double t)
                || !(t > 0 && t <= 0.9))
                throw new ArgumentException($"--sparsity: '{part}' is not a sparsity in (0, 0.9]");
            targets.Add(t);
        }
        return targets.Count > 0 ? [.. targets] : throw new ArgumentException("--sparsity is empty");
    }

    /// <summary>Decode results at each target, with the measured time to prepare the sparse weights.</summary>
    public static List<(double Target, BenchmarkResult Result)> Run(
        TransformerModel model,
        BenchmarkSettings settings,
        double[] targets,
        ILogger log)
    {
        var random = new Random(settings.Seed + 7);
        int n = Math.Min(1024, model.Config.MaxPositions * 4);
        int[] tokens = Enumerable.Range(0, n).Select(_ => random.Next(model.Config.VocabSize)).ToArray();
        var calibration = Calibrator.Run(model, tokens, ["random tokens"],
            new CalibrationOptions { MaxTokens = n, SampleRows = 256, CurveRows = 32 });
        var results = new List<(double, BenchmarkResult)>();
        foreach (double target in targets)
        {
            var plan = PlanBuilder.Build(calibration, model, SparsityMethod.TealUniform, target);
            var sparse = SparseDecode.Build(model, plan);
            log.LogInformation("TEAL {Target:P0}: {Count} matrices in input-major copies ({MB:F0} MB)",
                target, sparse.Count, sparse.ByteSize / 1e6);
            results.Add((target, DecodeBenchmark.Run(model, settings with { Sparse = sparse })));
        }
        return results;
    }
}
