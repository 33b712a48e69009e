using System.Numerics;
using System.Runtime.Intrinsics;

namespace Vane.Kernels;

/// <summary>
/// Picks the active input channels of a sparse linear layer: the indices k with
/// |x[k]| &gt; threshold, in increasing order, by a vector compare and a bit scan.
/// </summary>
public static class SparseChannels
{
    /// <summary>
    /// Writes the indices k with |x[k]| &gt; <paramref name="threshold"/> into
    /// <paramref name="active"/> in increasing order and returns how many there are.
    /// NaN entries of x are never active.
    /// </summary>
    /// <param name="x">Input activations [K].</param>
    /// <param name="threshold">Magnitude an entry must exceed; not negative, not NaN. 0 keeps
    /// every non-zero entry.</param>
    /// <param name="active">Index buffer [K] or longer; entries past the count are left as
    /// they were.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is negative
    /// or NaN.</exception>
    /// <exception cref="ArgumentException"><paramref name="active"/> is shorter than x.</exception>
    public static int Find(ReadOnlySpan<float> x, float threshold, Span<int> active)
    {
        if (!(threshold >= 0))
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold,
                "the activation threshold is a magnitude: expected 0 or more");
        if (active.Length < x.Length)
            throw new ArgumentException(
                $"active has room for {active.Length} indices, expected {x.Length}", nameof(active));

        int count = 0, i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var t = Vector512.Create(threshold);
            for (; i <= x.Length - 16; i += 16)
            {
                var mask = Vector512.GreaterThan(Vector512.Abs(Vector512.Create(x.Slice(i, 16))), t);
                count = Append(mask.ExtractMostSignificantBits(), i, active, count);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var t = Vector256.Create(threshold);
            for (; i <= x.Length - 8; i += 8)
            {
                var mask = Vector256.GreaterThan(Vector256.Abs(Vector256.Create(x.Slice(i, 8))), t);
                count = Append(mask.ExtractMostSignificantBits(), i, active, count);
            }
        }
        for (; i < x.Length; i++)
        {
            if (MathF.Abs(x[i]) > threshold)
                active[count++] = i;
        }
        return count;
    }

    /// <summary>Appends start + (position of each set bit of <paramref name="bits"/>).</summary>
    static int Append(ulong bits, int start, Span<int> active, int count)
    {
        while (bits != 0)
        {
            active[count++] = start + BitOperations.TrailingZeroCount(bits);
            bits &= bits - 1;
        }
        return count;
    }
}
