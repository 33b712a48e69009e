using Vane.Hooks;
using Vane.Model;
using Vane.Tokenization;

namespace Vane.Steering;

/// <summary>The result of an extraction: the vector and its report.</summary>
/// <param name="Vector">One direction per block, with the report in its metadata.</param>
/// <param name="Report">The scores per block.</param>
public sealed record Extraction(SteeringVector Vector, ExtractionReport Report);

/// <summary>
/// Extracts a steering vector from contrast pairs (docs/methods.md section 2): reads every
/// block's activations in batched passes, computes one direction per block, and scores it.
/// </summary>
public static class DirectionExtractor
{
    /// <summary>
    /// A vector for <paramref name="model"/> from <paramref name="pairs"/>. Held-out separation
    /// is scored with a direction fitted on the other pairs; the returned direction uses all.
    /// The model is only read, never changed.
    /// </summary>
    public static Extraction Extract(
        TransformerModel model,
        TextTokenizer tokenizer,
        IReadOnlyList<ContrastPair> pairs,
        ExtractionOptions? options = null)
    {
        options ??= new ExtractionOptions();
        int nLayers = model.Config.NLayers, d = model.Config.DModel;
        var layers = (options.Layers ?? LayerSelection.All).Resolve(nLayers);
        var acts = PairActivations.Read(model, tokenizer, pairs, layers, options);
        var (train, held) = Split(pairs.Count, options.HoldOutEvery);

        var directions = new Dictionary<int, float[]>();
        var reports = new List<LayerReport>();
        foreach (int l in layers)
        {
            var (p, q) = (acts.Positive[l], acts.Negative[l]);
            var (dir, explained, agreement) = PairDirection.Compute(options.Method, p, q, d);
            directions[l] = dir;
            double separation = HeldOut(options.Method, p, q, d, train, held);
            double norm = Math.Sqrt(dir.Sum(x => (double)x * x));
            reports.Add(new LayerReport(l, explained, agreement, separation, norm));
        }

        string site = BlockSiteName(options.Site);
        var report = new ExtractionReport(options.Method, site, options.ReadPosition.ToString()!,
            pairs.Count, held.Length, ContrastPair.Hash(pairs), reports);
        var vector = new SteeringVector(d, directions) { Metadata = report.ToMetadata() };
        return new Extraction(vector, report);
    }

    /// <summary>
    /// Pair indices for training and held out: index i is held out when (i + 1) is a multiple
    /// of <paramref name="every"/>; nothing is held out with fewer than <paramref name="every"/> pairs.
    /// </summary>
    public static (int[] Train, int[] HeldOut) Split(int n, int every)
    {
        if (every < 2 || n < every)
            return (Enumerable.Range(0, n).ToArray(), []);
        var all = Enumerable.Range(0, n);
        return (all.Where(i => (i + 1) % every != 0).ToArray(), all.Where(i => (i + 1) % every == 0).ToArray());
    }

    static double HeldOut(DirectionMethod method, float[] p, float[] q, int d, int[] train, int[] held)
    {
        if (held.Length == 0)
            return double.NaN;
        var (pt, qt) = (Rows(p, train, d), Rows(q, train, d));
        var (dir, _, _) = PairDirection.Compute(method, pt, qt, d);
        var mid = PairDirection.Midpoint(pt, qt, d);
        return PairDirection.Separation(dir, mid, Rows(p, held, d), Rows(q, held, d), d);
    }

    static float[] Rows(float[] all, int[] indices, int d)
    {
        var r = new float[indices.Length * d];
        for (int k = 0; k < indices.Length; k++)
            all.AsSpan(indices[k] * d, d).CopyTo(r.AsSpan(k * d, d));
        return r;
    }

    static string BlockSiteName(BlockSite site) => HookSites.Name(0, site)["blocks.0.".Length..];
}
