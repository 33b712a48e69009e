using System.Diagnostics;
using Vane.Benchmarking;
using Vane.Kernels;
using Vane.Loading;
using Vane.Model;
using Vane.Sparsity;
using Vane.Tensors;

/// <summary>
/// Where a decode step's time goes: every batch-1 product is timed and summed by the kind of
/// matrix it reads (the name's last part, e.g. attn_q.weight or lm_head.weight), dense or through
/// TEAL sparse kernels calibrated on the model's own activations; the rest of the step is
/// reported as "other" (attention, norms, hooks, thread hand-offs).
/// </summary>
static class DecodeProfile
{
    sealed class Timed(ISparseLinear? inner) : ISparseLinear
    {
        public readonly Dictionary<string, (double Seconds, long Calls)> Times = [];

        public bool TryMultiply(WeightMatrix w, ReadOnlySpan<float> x, ReadOnlySpan<float> bias, Span<float> y)
        {
            long start = Stopwatch.GetTimestamp();
            if (inner is null || !inner.TryMultiply(w, x, bias, y))
                MatMul.Multiply(x, w, bias, y, 1);
            string kind = string.Join('.', w.Name.Split('.').TakeLast(2));
            var (s, n) = Times.GetValueOrDefault(kind);
            Times[kind] = (s + Stopwatch.GetElapsedTime(start).TotalSeconds, n + 1);
            return true;
        }
    }

    /// <summary>Profiles <paramref name="path"/> dense and at each sparsity; prints ms per token.</summary>
    public static void Run(string path, double[] sparsities)
    {
        var model = ModelLoader.Load(path);
        var random = new Random(5);
        int n = Math.Min(1024, model.Config.MaxPositions * 4);
        int[] tokens = Enumerable.Range(0, n).Select(_ => random.Next(model.Config.VocabSize)).ToArray();
        var calibration = Calibrator.Run(model, tokens, ["random tokens"],
            new CalibrationOptions { MaxTokens = n, SampleRows = 256, CurveRows = 32 });
        foreach (double s in sparsities.Prepend(0))
        {
            var sparse = s == 0 ? null
                : SparseDecode.Build(model, PlanBuilder.Build(calibration, model, SparsityMethod.TealUniform, s));
            var timed = new Timed(sparse);
            const int steps = 32;
            var result = DecodeBenchmark.Run(model, new BenchmarkSettings(DecodeTokens: steps, Runs: 3, Sparse: timed));
            double perToken = 1e3 / result.DecodeTokensPerSecond;
            double runs = 4 * steps; // warm-up + 3 runs, all timed by the wrapper
            Console.WriteLine($"sparsity {s:P0}: {perToken:F2} ms/token (median of 3)");
            double products = 0;
            foreach (var (kind, (seconds, calls)) in timed.Times.OrderByDescending(t => t.Value.Seconds))
            {
                double ms = seconds * 1e3 / runs;
                products += ms;
                Console.WriteLine($"  {kind,-28} {ms,7:F3} ms/token  {calls / runs,5:F0} calls");
            }
            Console.WriteLine($"  {"other",-28} {perToken - products,7:F3} ms/token");
        }
    }

    /// <summary>
    /// Decodes for <paramref name="seconds"/> after building everything, for a profiler attached
    /// once "decoding" is printed (dense when <paramref name="sparsity"/> is 0).
    /// </summary>
    public static void Loop(string path, double sparsity, double seconds)
    {
        var model = ModelLoader.Load(path);
        var random = new Random(5);
        int n = Math.Min(1024, model.Config.MaxPositions * 4);
        int[] tokens = Enumerable.Range(0, n).Select(_ => random.Next(model.Config.VocabSize)).ToArray();
        ISparseLinear? sparse = null;
        if (sparsity > 0)
        {
            var calibration = Calibrator.Run(model, tokens, ["random tokens"],
                new CalibrationOptions { MaxTokens = n, SampleRows = 256, CurveRows = 32 });
            var plan = PlanBuilder.Build(calibration, model, SparsityMethod.TealUniform, sparsity);
            sparse = SparseDecode.Build(model, plan);
        }
        var settings = new BenchmarkSettings(PromptTokens: 8, DecodeTokens: 64, Runs: 1, Sparse: sparse);
        DecodeBenchmark.Run(model, settings);
        Console.WriteLine($"decoding (pid {Environment.ProcessId})");
        var clock = Stopwatch.StartNew();
        int rounds = 0;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            DecodeBenchmark.Run(model, settings with { Runs = 1 });
            rounds++;
        }
        Console.WriteLine($"{rounds * 2 * 64 / clock.Elapsed.TotalSeconds:F1} tok/s (with prompts)");
    }
}
