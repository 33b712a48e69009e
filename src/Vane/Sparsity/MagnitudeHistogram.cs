namespace Vane.Sparsity;

/// <summary>
/// Counts of |x| in log-spaced bins (256 per decade from 1e-8 to 1e4, about 0.9% wide), plus
/// one bin for everything below 1e-8 (zeros). Quantiles interpolate inside a bin, so they are
/// within a small fraction of a percentile of an exact sort.
/// </summary>
public sealed class MagnitudeHistogram
{
    /// <summary>Bins per decade of |x|.</summary>
    public const int PerDecade = 256;
    /// <summary>log10 of the lowest bin edge; smaller magnitudes fall in bin 0.</summary>
    public const int MinExponent = -8;
    /// <summary>log10 of the highest bin edge; larger magnitudes fall in the last bin.</summary>
    public const int MaxExponent = 4;
    /// <summary>Number of bins, bin 0 included.</summary>
    public const int BinCount = 1 + PerDecade * (MaxExponent - MinExponent);

    /// <summary>Counts per bin [BinCount].</summary>
    public long[] Counts { get; }

    /// <summary>Total values added.</summary>
    public long Total { get; private set; }

    /// <summary>An empty histogram.</summary>
    public MagnitudeHistogram() => Counts = new long[BinCount];

    /// <summary>A histogram with stored <paramref name="counts"/> [BinCount].</summary>
    /// <exception cref="ArgumentException">The counts have the wrong length or a negative count.</exception>
    public MagnitudeHistogram(long[] counts)
    {
        if (counts.Length != BinCount)
            throw new ArgumentException($"histogram has {counts.Length} bins, expected {BinCount}");
        if (counts.Any(c => c < 0))
            throw new ArgumentException("histogram has a negative count");
        Counts = counts;
        Total = counts.Sum();
    }

    /// <summary>Adds |v| for every v in <paramref name="values"/>.</summary>
    public void Add(ReadOnlySpan<float> values)
    {
        foreach (float v in values)
            Counts[Bin(MathF.Abs(v))]++;
        Total += values.Length;
    }

    /// <summary>Adds one magnitude (already non-negative).</summary>
    public void Add(float magnitude)
    {
        Counts[Bin(magnitude)]++;
        Total++;
    }

    /// <summary>
    /// The magnitude t below which a share <paramref name="s"/> (0 to 1) of the values lie;
    /// 0 for s = 0, or when the share falls among values below 1e-8 (zeros), so that masking
    /// |x| &lt; t then zeroes nothing that is not already zero.
    /// </summary>
    /// <exception cref="InvalidOperationException">The histogram is empty.</exception>
    public float Quantile(double s)
    {
        if (Total == 0)
            throw new InvalidOperationException("the histogram is empty: calibrate on some text first");
        if (s <= 0)
            return 0;
        double rank = Math.Min(s, 1) * Total, before = 0;
        for (int b = 0; b < BinCount; b++)
        {
            if (before + Counts[b] >= rank && Counts[b] > 0)
            {
                if (b == 0)
                    return 0; // an atom at zero: zeros are already sparse, nothing else is zeroed
                double f = (rank - before) / Counts[b];
                return (float)(Edge(b) * Math.Pow(10, f / PerDecade));
            }
            before += Counts[b];
        }
        return Edge(BinCount);
    }

    /// <summary>
    /// The share (0 to 1) of values below <paramref name="t"/>, interpolated inside a bin as
    /// <see cref="Quantile"/> does, so that ShareBelow(Quantile(s)) is about s; values under 1e-8
    /// count as below any positive t. How much a threshold of t would zero.
    /// </summary>
    public double ShareBelow(float t)
    {
        if (Total == 0 || !(t > 0))
            return 0;
        int bin = Bin(t);
        double before = 0;
        for (int b = 0; b < bin; b++)
            before += Counts[b];
        if (bin > 0)
            before += Counts[bin] * Math.Clamp(Math.Log10(t / Edge(bin)) * PerDecade, 0, 1);
        else
            before += Counts[0];
        return before / Total;
    }

    /// <summary>Adds the counts of <paramref name="other"/>.</summary>
    public void Merge(MagnitudeHistogram other)
    {
        for (int b = 0; b < BinCount; b++)
            Counts[b] += other.Counts[b];
        Total += other.Total;
    }

    static float Edge(int bin) => (float)Math.Pow(10, MinExponent + (bin - 1) / (double)PerDecade);

    static int Bin(float a)
    {
        if (!(a >= 1e-8f))
            return float.IsNaN(a) ? BinCount - 1 : 0;
        double b = (Math.Log10(a) - MinExponent) * PerDecade + 1;
        return b >= BinCount - 1 ? BinCount - 1 : (int)b;
    }
}
