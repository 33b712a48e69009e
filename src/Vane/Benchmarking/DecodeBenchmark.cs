using System.Diagnostics;
using Vane.Hooks;
using Vane.Model;

namespace Vane.Benchmarking;

/// <summary>Settings of a speed measurement.</summary>
/// <param name="PromptTokens">Tokens of the prompt pass.</param>
/// <param name="DecodeTokens">Single-token steps timed after it.</param>
/// <param name="Runs">Repetitions; the median is reported.</param>
/// <param name="Seed">Seed of the random prompt tokens.</param>
/// <param name="Hooks">Hooks active during every pass, or null (the plain engine).</param>
/// <param name="Sparse">Sparse products for the decode steps, or null (dense).</param>
public sealed record BenchmarkSettings(
    int PromptTokens = 64,
    int DecodeTokens = 32,
    int Runs = 5,
    int Seed = 1,
    HookSet? Hooks = null,
    ISparseLinear? Sparse = null);

/// <summary>Median speeds of one model.</summary>
/// <param name="PromptTokensPerSecond">Prompt pass tokens per second.</param>
/// <param name="DecodeTokensPerSecond">Batch-1 decode tokens per second.</param>
/// <param name="BytesPerToken">Weight bytes read per decoded token.</param>
/// <param name="PromptRuns">Every run's prompt speed.</param>
/// <param name="DecodeRuns">Every run's decode speed.</param>
public sealed record BenchmarkResult(
    double PromptTokensPerSecond,
    double DecodeTokensPerSecond,
    long BytesPerToken,
    double[] PromptRuns,
    double[] DecodeRuns)
{
    /// <summary>Weight bytes read per second while decoding.</summary>
    public double DecodeBytesPerSecond => BytesPerToken * DecodeTokensPerSecond;
}

/// <summary>Times the prompt pass and batch-1 decoding of a model on random tokens.</summary>
public static class DecodeBenchmark
{
    /// <summary>Runs <paramref name="settings"/> on <paramref name="model"/>; one warm-up run is not counted.</summary>
    public static BenchmarkResult Run(TransformerModel model, BenchmarkSettings settings, Action<int>? onRun = null)
    {
        var c = model.Config;
        if (settings.PromptTokens + settings.DecodeTokens > c.MaxPositions)
            throw new ArgumentException(
                $"{settings.PromptTokens} prompt + {settings.DecodeTokens} decode tokens exceed " +
                $"the model's context of {c.MaxPositions}; lower --prompt-tokens or --decode-tokens");
        var random = new Random(settings.Seed);
        int[] prompt = Enumerable.Range(0, settings.PromptTokens).Select(_ => random.Next(c.VocabSize)).ToArray();
        var pass = new ForwardPass(model) { Sparse = settings.Sparse };
        var promptRuns = new List<double>();
        var decodeRuns = new List<double>();
        for (int run = -1; run < settings.Runs; run++)
        {
            var cache = new KvCache(c);
            var sw = Stopwatch.StartNew();
            float[] logits = pass.Run(TokenBatch.Single(prompt), cache, settings.Hooks);
            double promptSeconds = sw.Elapsed.TotalSeconds;

            sw.Restart();
            for (int i = 0; i < settings.DecodeTokens; i++)
            {
                int next = System.Numerics.Tensors.TensorPrimitives.IndexOfMax(logits);
                logits = pass.Run(new TokenBatch([next], [cache.Length(0)], [0], [0]), cache, settings.Hooks);
            }
            double decodeSeconds = sw.Elapsed.TotalSeconds;
            if (run < 0)
                continue; // warm-up: pages mapped in, code compiled
            promptRuns.Add(settings.PromptTokens / promptSeconds);
            decodeRuns.Add(settings.DecodeTokens / decodeSeconds);
            onRun?.Invoke(run);
        }
        return new BenchmarkResult(Median(promptRuns), Median(decodeRuns), model.DecodeBytesPerToken,
            [.. promptRuns], [.. decodeRuns]);
    }

    /// <summary>The median of <paramref name="xs"/> (the mean of the middle two for an even count).</summary>
    public static double Median(IReadOnlyList<double> xs)
    {
        var s = xs.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }
}
