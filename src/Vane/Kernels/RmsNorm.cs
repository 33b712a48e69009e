using System.Numerics.Tensors;

namespace Vane.Kernels;

/// <summary>Root-mean-square normalisation: y = x / sqrt(mean(x^2) + eps) * weight.</summary>
public static class RmsNorm
{
    /// <summary>Normalises each of <paramref name="rows"/> rows of width weight.Length.</summary>
    /// <param name="x">Inputs [rows, d].</param>
    /// <param name="weight">Gain [d].</param>
    /// <param name="eps">Added to the mean square; positive.</param>
    /// <param name="y">Outputs [rows, d]; may be the same memory as x.</param>
    /// <param name="rows">Number of rows.</param>
    /// <exception cref="ArgumentOutOfRangeException">rows is negative.</exception>
    /// <exception cref="ArgumentException">x or y holds fewer than rows x d values.</exception>
    public static void Apply(
        ReadOnlySpan<float> x,
        ReadOnlySpan<float> weight,
        float eps,
        Span<float> y,
        int rows)
    {
        int d = weight.Length;
        Norms.CheckRows(x.Length, y.Length, rows, d);
        for (int r = 0; r < rows; r++)
        {
            var xr = x.Slice(r * d, d);
            var yr = y.Slice(r * d, d);
            float meanSquare = TensorPrimitives.SumOfSquares(xr) / d;
            float scale = 1f / MathF.Sqrt(meanSquare + eps);
            TensorPrimitives.Multiply(xr, scale, yr);
            TensorPrimitives.Multiply(yr, weight, yr);
        }
    }
}
