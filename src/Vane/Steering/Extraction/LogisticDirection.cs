namespace Vane.Steering;

/// <summary>
/// Logistic regression without intercept by full-batch gradient descent: the weight vector
/// separating rows labelled +1 from rows labelled -1, returned at unit length.
/// </summary>
public static class LogisticDirection
{
    /// <summary>
    /// Unit weights w minimising the mean of log(1 + exp(-y x.w)) + (l2/2)|w|^2 over
    /// <paramref name="positives"/> (y = +1) and <paramref name="negatives"/> (y = -1),
    /// both [n, width]. The step is scaled by the mean squared row norm, so it is stable
    /// at any activation scale.
    /// </summary>
    public static float[] Fit(
        ReadOnlySpan<float> positives,
        ReadOnlySpan<float> negatives,
        int width,
        int iterations = 500,
        double l2 = 1e-3)
    {
        int n = positives.Length / width;
        double scale = 0;
        foreach (float x in positives)
            scale += (double)x * x;
        foreach (float x in negatives)
            scale += (double)x * x;
        scale /= Math.Max(1, 2 * n);
        var w = new double[width];
        if (scale == 0)
            return new float[width];
        double step = 1.0 / scale;
        for (int it = 0; it < iterations; it++)
        {
            var grad = new double[width];
            Accumulate(positives, +1, w, grad, width);
            Accumulate(negatives, -1, w, grad, width);
            for (int j = 0; j < width; j++)
                w[j] -= step * (grad[j] / (2 * n) + l2 * scale * w[j]);
        }
        double norm = Math.Sqrt(w.Sum(a => a * a));
        return w.Select(a => norm == 0 ? 0f : (float)(a / norm)).ToArray();
    }

    static void Accumulate(ReadOnlySpan<float> rows, int label, double[] w, double[] grad, int width)
    {
        for (int i = 0; i < rows.Length / width; i++)
        {
            var x = rows.Slice(i * width, width);
            double m = 0;
            for (int j = 0; j < width; j++)
                m += x[j] * w[j];
            // d/dw log(1 + exp(-y m)) = -y x sigmoid(-y m)
            double g = -label / (1 + Math.Exp(label * m));
            for (int j = 0; j < width; j++)
                grad[j] += g * x[j];
        }
    }
}
