using System.Globalization;
using Microsoft.Extensions.Logging;
using Vane.Benchmarking;
using Vane.Model;
using Vane.Sparsity;

namespace Vane.Cli.Commands;

/// <summary>
/// The sparse rows of `vane bench --sparsity`: decode through the sparse kernels with each plan.
/// A plan is a file (`vane sparsify plan`, any method), or a target sparsity for which TEAL
/// thresholds are calibrated on the model's own activations (random tokens, so any model works,
/// tokenizer or not).
/// </summary>
public static class SparseBenchmark
{
    /// <summary>One sparse row: a TEAL target to calibrate here, or a plan file.</summary>
    /// <param name="Target">Target sparsity in [0, 0.9], or null for a file.</param>
    /// <param name="Path">The plan file, or null for a target.</param>
    public sealed record Spec(double? Target, string? Path);

    /// <summary>A plan ready to time, and the label of its row.</summary>
    /// <param name="Label">Method, target and where the thresholds came from.</param>
    /// <param name="Plan">The plan.</param>
    public sealed record Case(string Label, SparsityPlan Plan);

    /// <summary>
    /// Parses the --sparsity values, each a comma list: numbers are TEAL targets in [0, 0.9]
    /// ("0.25,0.5"; 0 times the sparse kernels with every channel active, which separates what the
    /// input-major layout gains from what skipping gains), anything else is a plan file
    /// ("plan25.json,plan50.json"). Rows keep this order.
    /// </summary>
    /// <exception cref="ArgumentException">A number is out of range, or nothing was given.</exception>
    /// <exception cref="IOException">A plan file does not exist.</exception>
    public static List<Spec> Parse(IEnumerable<string> values)
    {
        var specs = new List<Spec>();
        var parts = values.SelectMany(v =>
            v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        foreach (string part in parts)
        {
            if (double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out double t))
                specs.Add(t >= 0 && t <= 0.9 ? new Spec(t, null)
                    : throw new ArgumentException($"--sparsity: '{part}' is not a sparsity in [0, 0.9]"));
            else if (File.Exists(part))
                specs.Add(new Spec(null, part));
            else
                throw new IOException(
                    $"--sparsity: {part}: sparsity plan not found (expected a plan file or a sparsity in [0, 0.9])");
        }
        return specs.Count > 0 ? specs : throw new ArgumentException("--sparsity is empty");
    }

    /// <summary>
    /// Reads the plan files and builds the TEAL plans of <paramref name="specs"/> (calibrating once
    /// when any is a target), before anything is timed, so that a bad file fails at once.
    /// </summary>
    /// <exception cref="InvalidDataException">A file is not a plan, or is for another model (the
    /// message names the file and both models).</exception>
    public static List<Case> Prepare(TransformerModel model, IReadOnlyList<Spec> specs, BenchmarkSettings settings)
    {
        var cases = new List<Case>();
        Calibration? calibration = null;
        foreach (var spec in specs)
        {
            if (spec.Path is { } path)
            {
                var plan = SparsityFiles.ReadPlan(path, model);
                cases.Add(new Case($"{plan.Method} {plan.Target:P0} ({System.IO.Path.GetFileName(path)})", plan));
                continue;
            }
            calibration ??= RandomTokenCalibration(model, settings);
            var teal = PlanBuilder.Build(calibration, model, SparsityMethod.TealUniform, spec.Target!.Value);
            cases.Add(spec.Target == 0
                ? new Case("input-major kernels, every channel active", EveryChannel(teal))
                : new Case($"{SparsityMethod.TealUniform} {spec.Target:P0} (random-token thresholds)", teal));
        }
        return cases;
    }

    /// <summary>One case's decode speed, and its speed-up over dense paired round by round.</summary>
    /// <param name="Label">The case's label, with the sparsity its steps ran at.</param>
    /// <param name="Result">Its decode speeds.</param>
    /// <param name="VersusDense">Median over rounds of its speed over dense in the same round.</param>
    public sealed record Row(string Label, BenchmarkResult Result, double VersusDense);

    /// <summary>
    /// Times dense decode and every case in alternation (<see cref="DecodeBenchmark.RunInterleaved"/>),
    /// logging the size of each case's sparse weight copies and the share of them its steps skipped.
    /// </summary>
    /// <returns>Dense decode in the same rounds, and a row per case.</returns>
    public static (BenchmarkResult Dense, List<Row> Rows) Run(
        TransformerModel model,
        BenchmarkSettings settings,
        IReadOnlyList<Case> cases,
        ILogger log)
    {
        var decoders = new List<SparseDecode>();
        foreach (var c in cases)
        {
            var sparse = SparseDecode.Build(model, c.Plan);
            log.LogInformation("{Label}: {Count} matrices in {Copies} input-major copies ({MB:F0} MB)",
                c.Label, sparse.Count, sparse.CopyCount, sparse.ByteSize / 1e6);
            decoders.Add(sparse);
        }
        var results = DecodeBenchmark.RunInterleaved(model, settings with { Sparse = null }, [null, .. decoders]);
        var rows = new List<Row>();
        for (int i = 0; i < cases.Count; i++)
        {
            var sparse = decoders[i];
            // what the decode steps really skipped, which the target only predicts
            log.LogInformation("{Label}: decode skipped {Skipped:P1} of the {MB:F0} MB of sparsified " +
                "weights; a dense step reads {Dense:F0} MB", cases[i].Label, sparse.SkippedFraction,
                sparse.ByteSize / 1e6, model.DecodeBytesPerToken / 1e6);
            rows.Add(new Row($"{cases[i].Label}, ran at {sparse.SkippedFraction:P1}", results[i + 1],
                DecodeBenchmark.PairedRatio(results[i + 1], results[0])));
        }
        log.LogInformation("decode runs by round (tokens/s): dense {Dense}; {Sparse}",
            string.Join(", ", results[0].DecodeRuns.Select(r => r.ToString("F2"))),
            string.Join("; ", rows.Select(r => string.Join(", ", r.Result.DecodeRuns.Select(x => x.ToString("F2"))))));
        return (results[0], rows);
    }

    /// <summary>
    /// <paramref name="plan"/> (a 0% plan, whose rules are all dense) with every rule at the
    /// smallest positive threshold, so that the sparse kernels run and skip exact zeros only.
    /// </summary>
    static SparsityPlan EveryChannel(SparsityPlan plan) => new()
    {
        Model = plan.Model,
        Method = plan.Method,
        Target = 0,
        Layers = [.. plan.Layers.Select(rules => rules.Select(r => r with { Threshold = float.Epsilon }).ToArray())],
    };

    static Calibration RandomTokenCalibration(TransformerModel model, BenchmarkSettings settings)
    {
        var random = new Random(settings.Seed + 7);
        int n = Math.Min(1024, model.Config.MaxPositions * 4);
        int[] tokens = Enumerable.Range(0, n).Select(_ => random.Next(model.Config.VocabSize)).ToArray();
        return Calibrator.Run(model, tokens, ["random tokens"],
            new CalibrationOptions { MaxTokens = n, SampleRows = 256, CurveRows = 32 });
    }
}
