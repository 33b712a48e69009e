using Vane.Kernels;
using Vane.Tensors;

namespace Vane.Sparsity;

/// <summary>
/// How much a projection's output changes when its input is TEAL-masked, over a grid of
/// sparsities: the cost function of greedy allocation.
/// </summary>
public static class ErrorCurves
{
    /// <summary>
    /// For g = 0 .. <see cref="Calibration.CurvePoints"/> - 1: with t the (g * CurveStep) quantile
    /// of <paramref name="magnitudes"/> and d the entries of x with |x| &lt; t,
    /// sum over rows and matrices of ||W d||^2 divided by the same of ||W x||^2.
    /// </summary>
    /// <param name="matrices">Matrices reading the input, each [out, width].</param>
    /// <param name="magnitudes">Distribution of |x| the thresholds come from.</param>
    /// <param name="rows">Sampled inputs [count, width].</param>
    /// <param name="count">Number of sampled rows; 0 gives a curve of zeros.</param>
    public static double[] Measure(
        IReadOnlyList<WeightMatrix> matrices,
        MagnitudeHistogram magnitudes,
        ReadOnlySpan<float> rows,
        int count)
    {
        var curve = new double[Calibration.CurvePoints];
        if (count == 0 || magnitudes.Total == 0)
            return curve;
        double dense = Energy(matrices, rows, count);
        var dropped = new float[rows.Length];
        for (int g = 1; g < curve.Length; g++)
        {
            float t = magnitudes.Quantile(g * Calibration.CurveStep);
            for (int i = 0; i < rows.Length; i++)
                dropped[i] = MathF.Abs(rows[i]) < t ? rows[i] : 0;
            curve[g] = dense > 0 ? Energy(matrices, dropped, count) / dense : 0;
        }
        return curve;
    }

    static double Energy(IReadOnlyList<WeightMatrix> matrices, ReadOnlySpan<float> x, int count)
    {
        double sum = 0;
        foreach (var m in matrices)
        {
            var y = new float[count * m.Rows];
            MatMul.Multiply(x, m, ReadOnlySpan<float>.Empty, y, count);
            foreach (float v in y)
                sum += (double)v * v;
        }
        return sum;
    }
}
