namespace Vane.Steering;

/// <summary>The affine map of one unit, fitted from its source and target samples.</summary>
public static class UnitFit
{
    /// <summary>
    /// (beta, alpha) of y = beta x + alpha mapping the <paramref name="source"/> samples onto the
    /// <paramref name="target"/> samples (equal counts, at least one) by <paramref name="method"/>.
    /// A constant source gets beta = 1 and the mean shift.
    /// </summary>
    /// <exception cref="ArgumentException">Counts differ or are zero.</exception>
    public static (float Beta, float Alpha) Fit(
        ReadOnlySpan<float> source,
        ReadOnlySpan<float> target,
        TransportMethod method)
    {
        if (source.Length != target.Length || source.Length == 0)
            throw new ArgumentException(
                $"a unit needs equal, non-zero sample counts: source {source.Length}, target {target.Length}");
        return method switch
        {
            TransportMethod.Linear => SortedLeastSquares(source, target),
            TransportMethod.Mean => (1f, (float)(Mean(target) - Mean(source))),
            TransportMethod.Gaussian => Gaussian(source, target),
            _ => throw new ArgumentOutOfRangeException(nameof(method), $"unknown method {method}"),
        };
    }

    // 1-D optimal transport: the i-th smallest source value goes to the i-th smallest target value
    static (float, float) SortedLeastSquares(ReadOnlySpan<float> source, ReadOnlySpan<float> target)
    {
        float[] x = source.ToArray(), y = target.ToArray();
        Array.Sort(x);
        Array.Sort(y);
        double mx = Mean(x), my = Mean(y), sxy = 0, sxx = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        double beta = sxx > 0 ? sxy / sxx : 1;
        return ((float)beta, (float)(my - beta * mx));
    }

    static (float, float) Gaussian(ReadOnlySpan<float> source, ReadOnlySpan<float> target)
    {
        double ms = Mean(source), mt = Mean(target), ss = Std(source, ms), st = Std(target, mt);
        double beta = ss > 0 ? st / ss : 1;
        return ((float)beta, (float)(mt - beta * ms));
    }

    static double Mean(ReadOnlySpan<float> v)
    {
        double s = 0;
        foreach (float x in v)
            s += x;
        return s / v.Length;
    }

    // population standard deviation (both sides use the same convention, so the ratio is unbiased either way)
    static double Std(ReadOnlySpan<float> v, double mean)
    {
        double s = 0;
        foreach (float x in v)
            s += (x - mean) * (x - mean);
        return Math.Sqrt(s / v.Length);
    }
}
