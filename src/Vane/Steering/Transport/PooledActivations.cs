using Vane.Hooks;
using Vane.Model;

namespace Vane.Steering;

/// <summary>
/// The mean over tokens of each text's activations at chosen sites, read by batched forward passes.
/// </summary>
public static class PooledActivations
{
    /// <summary>
    /// Runs <paramref name="model"/> over <paramref name="texts"/> (token ids, each 1..MaxPositions long)
    /// and returns, per site of <paramref name="sites"/>, the mean over each text's tokens [texts, width].
    /// At most about <paramref name="maxBatchTokens"/> tokens go through one pass.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// No texts, an empty text, or one longer than the context.
    /// </exception>
    public static Dictionary<string, float[]> Read(
        TransformerModel model,
        IReadOnlyList<int[]> texts,
        IReadOnlyList<string> sites,
        int maxBatchTokens = 2048)
    {
        var config = model.Config;
        if (texts.Count == 0)
            throw new ArgumentException("no texts to read", nameof(texts));
        for (int i = 0; i < texts.Count; i++)
            if (texts[i].Length == 0 || texts[i].Length > config.MaxPositions)
                throw new ArgumentException(
                    $"text {i} has {texts[i].Length} tokens, expected 1 to {config.MaxPositions} (the context)");

        var sums = sites.ToDictionary(s => s, s => new float[texts.Count * TransportSites.Width(config, s)]);
        var pass = new ForwardPass(model);
        var hooks = new HookSet(config);
        using var reg = hooks.Add(string.Join(",", sites), ctx => Accumulate(ctx, texts, sums[ctx.Site]));
        foreach (var (from, to) in Chunks(texts, maxBatchTokens))
        {
            var ids = Enumerable.Range(from, to - from).ToArray();
            var batch = TokenBatch.Append(ids.Select(i => texts[i]).ToArray(), ids, new int[ids.Length]);
            pass.Run(batch, new KvCache(config), hooks);
        }
        return sums;
    }

    // adds row / length of its text to the text's row of sum [texts, width]
    static void Accumulate(HookContext ctx, IReadOnlyList<int[]> texts, float[] sum)
    {
        for (int r = 0; r < ctx.Rows; r++)
        {
            int t = ctx.Sequences[r];
            float w = 1f / texts[t].Length;
            var row = ctx.Row(r);
            var acc = sum.AsSpan(t * ctx.Width, ctx.Width);
            for (int j = 0; j < row.Length; j++)
                acc[j] += w * row[j];
        }
    }

    // consecutive text ranges whose token total stays under the budget
    static IEnumerable<(int From, int To)> Chunks(IReadOnlyList<int[]> texts, int budget)
    {
        int from = 0, tokens = 0;
        for (int i = 0; i < texts.Count; i++)
        {
            if (i > from && tokens + texts[i].Length > budget)
            {
                yield return (from, i);
                (from, tokens) = (i, 0);
            }
            tokens += texts[i].Length;
        }
        yield return (from, texts.Count);
    }
}
