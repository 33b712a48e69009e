using System.Numerics.Tensors;

namespace Vane.Kernels;

/// <summary>Layer normalisation: y = (x - mean) / sqrt(var + eps) * weight + bias.</summary>
public static class LayerNorm
{
    /// <summary>Normalises each of <paramref name="rows"/> rows of width weight.Length.</summary>
    /// <param name="x">Inputs [rows, d].</param>
    /// <param name="weight">Gain [d].</param>
    /// <param name="bias">Shift [d].</param>
    /// <param name="eps">Added to the variance; positive.</param>
    /// <param name="y">Outputs [rows, d]; may be the same memory as x.</param>
    /// <param name="rows">Number of rows.</param>
    /// <exception cref="ArgumentOutOfRangeException">rows is negative.</exception>
    /// <exception cref="ArgumentException">bias differs from weight in length, or x or y holds fewer
    /// than rows x d values.</exception>
    public static void Apply(
        ReadOnlySpan<float> x,
        ReadOnlySpan<float> weight,
        ReadOnlySpan<float> bias,
        float eps,
        Span<float> y,
        int rows)
    {
        int d = weight.Length;
        if (bias.Length != d)
            throw new ArgumentException($"bias has {bias.Length} values, expected {d}", nameof(bias));
        Norms.CheckRows(x.Length, y.Length, rows, d);
        for (int r = 0; r < rows; r++)
        {
            var xr = x.Slice(r * d, d);
            var yr = y.Slice(r * d, d);
            float mean = TensorPrimitives.Sum(xr) / d;
            TensorPrimitives.Subtract(xr, mean, yr);
            float variance = TensorPrimitives.SumOfSquares(yr) / d;
            TensorPrimitives.Multiply(yr, 1f / MathF.Sqrt(variance + eps), yr);
            TensorPrimitives.FusedMultiplyAdd(yr, weight, bias, yr);
        }
    }
}
