using Vane.Hooks;
using Vane.Model;
using Vane.Tokenization;

namespace Vane.Steering;

/// <summary>
/// The activations of both sides of every contrast pair at one site of every chosen block,
/// read by batched forward passes (many examples per pass) at each example's read window.
/// </summary>
public sealed class PairActivations
{
    /// <summary>Number of pairs.</summary>
    public int NPairs { get; }

    /// <summary>Width of each activation (DModel).</summary>
    public int DModel { get; }

    /// <summary>Positive activations by block: [NPairs, DModel] flattened.</summary>
    public IReadOnlyDictionary<int, float[]> Positive { get; }

    /// <summary>Negative activations by block: [NPairs, DModel] flattened.</summary>
    public IReadOnlyDictionary<int, float[]> Negative { get; }

    PairActivations(int n, int d, Dictionary<int, float[]> pos, Dictionary<int, float[]> neg)
    {
        (NPairs, DModel, Positive, Negative) = (n, d, pos, neg);
    }

    /// <summary>
    /// Runs <paramref name="model"/> over both sides of <paramref name="pairs"/> and keeps the
    /// activation at the read window of each example for blocks <paramref name="layers"/>.
    /// </summary>
    public static PairActivations Read(
        TransformerModel model,
        TextTokenizer tokenizer,
        IReadOnlyList<ContrastPair> pairs,
        IReadOnlyList<int> layers,
        ExtractionOptions options)
    {
        if (pairs.Count == 0)
            throw new ArgumentException("no contrast pairs to read", nameof(pairs));
        int n = pairs.Count, d = model.Config.DModel;
        Func<string, int[]> encode = t => tokenizer.Encode(t, options.AddSpecialTokens);

        // examples 2i (positive) and 2i+1 (negative): tokens and read windows
        var examples = new (int[] Tokens, int Start, int End)[2 * n];
        for (int i = 0; i < n; i++)
        {
            examples[2 * i] = Example(pairs[i].Positive, options.ReadPosition, encode);
            examples[2 * i + 1] = Example(pairs[i].Negative, options.ReadPosition, encode);
        }

        var sums = layers.ToDictionary(l => l, _ => new float[2 * n * d]); // [2n, DModel] per block
        var pass = new ForwardPass(model);
        foreach (var chunk in Chunks(examples, options.MaxBatchTokens, model.Config.MaxPositions))
            RunChunk(pass, examples, chunk, layers, options.Site, sums);

        var pos = new Dictionary<int, float[]>();
        var neg = new Dictionary<int, float[]>();
        foreach (var (l, s) in sums)
        {
            pos[l] = new float[n * d];
            neg[l] = new float[n * d];
            for (int i = 0; i < n; i++)
            {
                s.AsSpan(2 * i * d, d).CopyTo(pos[l].AsSpan(i * d, d));
                s.AsSpan((2 * i + 1) * d, d).CopyTo(neg[l].AsSpan(i * d, d));
            }
        }
        return new PairActivations(n, d, pos, neg);
    }

    static (int[], int, int) Example(string text, ReadPosition read, Func<string, int[]> encode)
    {
        var (t, start, end) = read.Window(text, encode);
        int[] tokens = encode(t);
        if (tokens.Length == 0)
            throw new ArgumentException($"example encodes to no tokens: \"{text}\"");
        return (tokens, start, end);
    }

    // consecutive example ranges whose token total stays under the budget
    static IEnumerable<(int From, int To)> Chunks((int[] Tokens, int, int)[] ex, int budget, int maxPositions)
    {
        int from = 0, tokens = 0;
        for (int i = 0; i < ex.Length; i++)
        {
            int len = ex[i].Tokens.Length;
            if (len > maxPositions)
                throw new ArgumentException(
                    $"example {i / 2} ({(i % 2 == 0 ? "positive" : "negative")}) has {len} tokens, " +
                    $"more than the model's context of {maxPositions}");
            if (i > from && tokens + len > budget)
            {
                yield return (from, i);
                (from, tokens) = (i, 0);
            }
            tokens += len;
        }
        yield return (from, ex.Length);
    }

    static void RunChunk(
        ForwardPass pass,
        (int[] Tokens, int Start, int End)[] ex,
        (int From, int To) chunk,
        IReadOnlyList<int> layers,
        BlockSite site,
        Dictionary<int, float[]> sums)
    {
        var config = pass.Model.Config;
        int d = config.DModel;
        var hooks = new HookSet(config);
        string sites = string.Join(",", layers.Select(l => HookSites.Name(l, site)));
        using var reg = hooks.Add(sites, ctx =>
        {
            if (ctx.Width != d)
                throw new ArgumentException($"{ctx.Site} has width {ctx.Width}, expected DModel {d}");
            var sum = sums[ctx.Layer];
            for (int r = 0; r < ctx.Rows; r++)
            {
                int e = ctx.Sequences[r];
                var (_, start, end) = ex[e];
                int p = ctx.Positions[r];
                if (p < start || p >= end)
                    continue;
                float w = 1f / (end - start);
                var row = ctx.Row(r);
                var acc = sum.AsSpan(e * d, d);
                for (int j = 0; j < d; j++)
                    acc[j] += w * row[j];
            }
        });
        var ids = Enumerable.Range(chunk.From, chunk.To - chunk.From).ToArray();
        var batch = TokenBatch.Append(ids.Select(i => ex[i].Tokens).ToArray(), ids, new int[ids.Length]);
        pass.Run(batch, new KvCache(config), hooks);
    }
}
