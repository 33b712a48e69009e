using System.Globalization;
using Vane.Model;

namespace Vane.Steering;

/// <summary>Fits transport maps from pooled source and target activations.</summary>
public static class TransportFit
{
    /// <summary>
    /// Reads the mean activation of each text of <paramref name="source"/> and <paramref name="target"/>
    /// (token ids; equal counts) at every site of <paramref name="sites"/>, and fits one map per site.
    /// <paramref name="modelHint"/> (e.g. the model's folder name) is stored for messages only.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// Unequal or zero counts, an unknown site, an empty or too long text.
    /// </exception>
    public static TransportMap Fit(
        TransformerModel model,
        IReadOnlyList<int[]> source,
        IReadOnlyList<int[]> target,
        IReadOnlyList<string> sites,
        TransportMethod method,
        string modelHint = "")
    {
        if (source.Count != target.Count || source.Count == 0)
            throw new ArgumentException(
                $"source and target need the same, non-zero number of texts: {source.Count} and {target.Count}");
        if (sites.Count == 0)
            throw new ArgumentException("no sites to fit");
        var src = PooledActivations.Read(model, source, sites);
        var dst = PooledActivations.Read(model, target, sites);
        var maps = sites
            .Select(s => Fit(s, src[s], dst[s], TransportSites.Width(model.Config, s), method))
            .ToList();
        return new TransportMap(maps, method, source.Count, target.Count, modelHint);
    }

    /// <summary>
    /// Fits every unit of <paramref name="site"/> from <paramref name="source"/> [NSource, width] and
    /// <paramref name="target"/> [NTarget, width] (row-major, NSource = NTarget), keeping the source range.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// Sizes that do not fit the width, unequal counts, or non-finite values.
    /// </exception>
    public static SiteTransport Fit(
        string site,
        float[] source,
        float[] target,
        int width,
        TransportMethod method)
    {
        if (width <= 0 || source.Length % width != 0 || target.Length % width != 0)
            throw new ArgumentException(
                $"{site}: {source.Length} source and {target.Length} target values are not rows of width {width}");
        int n = source.Length / width;
        if (n == 0 || target.Length / width != n)
            throw new ArgumentException(
                $"{site}: source and target need the same, non-zero number of texts: {n} and {target.Length / width}");
        CheckFinite(site, "source", source);
        CheckFinite(site, "target", target);

        var beta = new float[width];
        var alpha = new float[width];
        var min = new float[width];
        var max = new float[width];
        var xs = new float[n];
        var ys = new float[n];
        for (int j = 0; j < width; j++)
        {
            // column j of both sets
            for (int i = 0; i < n; i++)
            {
                xs[i] = source[i * width + j];
                ys[i] = target[i * width + j];
            }
            (beta[j], alpha[j]) = UnitFit.Fit(xs, ys, method);
            min[j] = xs.Min();
            max[j] = xs.Max();
        }
        return new SiteTransport(site, beta, alpha, min, max);
    }

    static void CheckFinite(string site, string side, float[] values)
    {
        int bad = Array.FindIndex(values, v => !float.IsFinite(v));
        if (bad >= 0)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{site}: {side} value {bad} is {values[bad]}, expected a finite number"));
    }
}
