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
    /// <summary>Seconds of uncounted warm-up rounds (at least one round).</summary>
    public const double WarmUpSeconds = 1.5;

    /// <summary>Runs <paramref name="settings"/> on <paramref name="model"/> after uncounted warm-up runs.</summary>
    public static BenchmarkResult Run(TransformerModel model, BenchmarkSettings settings, Action<int>? onRun = null) =>
        RunInterleaved(model, settings, [settings.Sparse], onRun)[0];

    /// <summary>
    /// Times several decode variants of one model in alternation: each round runs every variant
    /// once, in order, so slow spells of a shared machine fall on all of them alike and the
    /// per-round ratios (<see cref="PairedRatio"/>) compare like with like. Warm-up rounds
    /// (<see cref="WarmUpSeconds"/>) are not counted.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="settings">Prompt, decode, runs (rounds), seed and hooks; its Sparse is ignored.</param>
    /// <param name="variants">The sparse products of each variant; null for dense.</param>
    /// <param name="onRun">Called after each counted round with its index.</param>
    /// <returns>One result per variant, runs in round order.</returns>
    public static BenchmarkResult[] RunInterleaved(
        TransformerModel model,
        BenchmarkSettings settings,
        IReadOnlyList<ISparseLinear?> variants,
        Action<int>? onRun = null)
    {
        var c = model.Config;
        if (settings.PromptTokens + settings.DecodeTokens > c.MaxPositions)
            throw new ArgumentException(
                $"{settings.PromptTokens} prompt + {settings.DecodeTokens} decode tokens exceed " +
                $"the model's context of {c.MaxPositions}; lower --prompt-tokens or --decode-tokens");
        var random = new Random(settings.Seed);
        int[] prompt = Enumerable.Range(0, settings.PromptTokens).Select(_ => random.Next(c.VocabSize)).ToArray();
        var passes = variants.Select(v => new ForwardPass(model) { Sparse = v }).ToArray();
        var promptRuns = variants.Select(_ => new List<double>()).ToArray();
        var decodeRuns = variants.Select(_ => new List<double>()).ToArray();

        // Warm-up, not counted: pages mapped in, and the JIT's hot methods recompiled at full
        // optimisation, which takes a second or so of calls (tiered compilation). One round of
        // a large model takes that long; a small model (the demo model decodes in a millisecond
        // a token) needs many rounds, or its first counted rounds run slower code.
        var warm = Stopwatch.StartNew();
        do
        {
            foreach (var pass in passes)
                Once(pass, prompt, settings);
        } while (warm.Elapsed.TotalSeconds < WarmUpSeconds);

        for (int run = 0; run < settings.Runs; run++)
        {
            for (int v = 0; v < passes.Length; v++)
            {
                var (promptSeconds, decodeSeconds) = Once(passes[v], prompt, settings);
                promptRuns[v].Add(settings.PromptTokens / promptSeconds);
                decodeRuns[v].Add(settings.DecodeTokens / decodeSeconds);
            }
            onRun?.Invoke(run);
        }
        return [.. Enumerable.Range(0, passes.Length).Select(v => new BenchmarkResult(
            Median(promptRuns[v]), Median(decodeRuns[v]), model.DecodeBytesPerToken,
            [.. promptRuns[v]], [.. decodeRuns[v]]))];
    }

    /// <summary>
    /// The median over rounds of <paramref name="variant"/>'s decode speed divided by
    /// <paramref name="baseline"/>'s in the same round (both from one <see cref="RunInterleaved"/>).
    /// </summary>
    public static double PairedRatio(BenchmarkResult variant, BenchmarkResult baseline) =>
        Median([.. variant.DecodeRuns.Zip(baseline.DecodeRuns, (a, b) => a / b)]);

    /// <summary>One prompt pass and the timed decode steps after it: (prompt seconds, decode seconds).</summary>
    static (double Prompt, double Decode) Once(ForwardPass pass, int[] prompt, BenchmarkSettings settings)
    {
        var cache = new KvCache(pass.Model.Config);
        var sw = Stopwatch.StartNew();
        float[] logits = pass.Run(TokenBatch.Single(prompt), cache, settings.Hooks);
        double promptSeconds = sw.Elapsed.TotalSeconds;

        sw.Restart();
        for (int i = 0; i < settings.DecodeTokens; i++)
        {
            int next = System.Numerics.Tensors.TensorPrimitives.IndexOfMax(logits);
            logits = pass.Run(new TokenBatch([next], [cache.Length(0)], [0], [0]), cache, settings.Hooks);
        }
        return (promptSeconds, sw.Elapsed.TotalSeconds);
    }

    /// <summary>The median of <paramref name="xs"/> (the mean of the middle two for an even count).</summary>
    public static double Median(IReadOnlyList<double> xs)
    {
        var s = xs.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }
}
