namespace Vane.Steering;

/// <summary>
/// The first principal direction of a set of rows by power iteration on X^T X, without
/// forming the covariance: each step is v <- X^T (X v), O(rows * width).
/// </summary>
public static class TopComponent
{
    /// <summary>
    /// The unit vector u maximising |X u| for <paramref name="rows"/> [n, width] (centre them
    /// first for PCA), and the fraction of the total sum of squares it explains, in [0, 1].
    /// Starts from the longest row, so the result is deterministic. All-zero rows give a zero
    /// vector and 0 explained.
    /// </summary>
    public static (float[] Direction, double Explained) Compute(
        ReadOnlySpan<float> rows,
        int width,
        int maxIterations = 1000,
        double tolerance = 1e-10)
    {
        if (width <= 0 || rows.Length % width != 0)
            throw new ArgumentException($"{rows.Length} values are not whole rows of width {width}");
        int n = rows.Length / width;
        double total = 0;
        foreach (float x in rows)
            total += (double)x * x;
        if (n == 0 || total == 0)
            return (new float[width], 0);

        var v = Start(rows, n, width);
        var xv = new double[n];
        double lambda = 0;
        for (int it = 0; it < maxIterations; it++)
        {
            Multiply(rows, n, width, v, xv);
            var next = MultiplyTransposed(rows, n, width, xv);
            double norm = Math.Sqrt(next.Sum(a => a * a));
            if (norm == 0)
                break;
            double change = 0;
            for (int j = 0; j < width; j++)
            {
                next[j] /= norm;
                change += (next[j] - v[j]) * (next[j] - v[j]);
            }
            v = next;
            lambda = norm;
            if (change < tolerance)
                break;
        }

        // explained = |X v|^2 / |X|_F^2
        Multiply(rows, n, width, v, xv);
        double along = xv.Sum(a => a * a);
        return (v.Select(a => (float)a).ToArray(), Math.Clamp(along / total, 0, 1));
    }

    static double[] Start(ReadOnlySpan<float> rows, int n, int width)
    {
        int best = 0;
        double bestNorm = -1;
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            foreach (float x in rows.Slice(i * width, width))
                s += (double)x * x;
            if (s > bestNorm)
                (best, bestNorm) = (i, s);
        }
        var v = new double[width];
        for (int j = 0; j < width; j++)
            v[j] = rows[best * width + j] / Math.Sqrt(bestNorm);
        return v;
    }

    static void Multiply(ReadOnlySpan<float> rows, int n, int width, double[] v, double[] xv)
    {
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            var row = rows.Slice(i * width, width);
            for (int j = 0; j < width; j++)
                s += row[j] * v[j];
            xv[i] = s;
        }
    }

    static double[] MultiplyTransposed(ReadOnlySpan<float> rows, int n, int width, double[] xv)
    {
        var y = new double[width];
        for (int i = 0; i < n; i++)
        {
            var row = rows.Slice(i * width, width);
            for (int j = 0; j < width; j++)
                y[j] += xv[i] * row[j];
        }
        return y;
    }
}
