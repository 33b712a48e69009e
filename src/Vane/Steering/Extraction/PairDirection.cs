namespace Vane.Steering;

/// <summary>
/// The direction of one block from pair activations p_i, q_i [n, DModel], by each
/// <see cref="DirectionMethod"/>, and the scores reported with it.
/// </summary>
public static class PairDirection
{
    /// <summary>
    /// The direction for <paramref name="method"/> over pairs <paramref name="p"/>, <paramref name="q"/>
    /// [n, width], sign-voted so that most pairs project higher on the positive side, with the
    /// explained variance (PCA methods; NaN otherwise) and the vote's agreement rate.
    /// </summary>
    public static (float[] Direction, double Explained, double Agreement) Compute(
        DirectionMethod method,
        ReadOnlySpan<float> p,
        ReadOnlySpan<float> q,
        int width)
    {
        if (p.Length != q.Length || p.Length == 0 || p.Length % width != 0)
            throw new ArgumentException($"pair activations of {p.Length} and {q.Length} values, width {width}");
        float[] dir;
        double explained = double.NaN;
        switch (method)
        {
            case DirectionMethod.MeanDifference:
                dir = MeanDifference(p, q, width);
                break;
            case DirectionMethod.PcaDiff:
                (dir, explained) = TopComponent.Compute(CentredDifferences(p, q, width), width);
                break;
            case DirectionMethod.PcaCenter:
                (dir, explained) = TopComponent.Compute(PairCentred(p, q, width), width);
                break;
            case DirectionMethod.Logistic:
                var c = PairCentred(p, q, width);
                dir = LogisticDirection.Fit(c.AsSpan(0, p.Length), c.AsSpan(p.Length), width);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(method), method, "unknown method");
        }
        double agreement = SignVote(dir, p, q, width);
        return (dir, explained, agreement);
    }

    /// <summary>
    /// Flips <paramref name="direction"/> in place when fewer than half of the pairs have
    /// proj(p) > proj(q), and returns the fraction that do after the vote (ties count as not).
    /// </summary>
    public static double SignVote(float[] direction, ReadOnlySpan<float> p, ReadOnlySpan<float> q, int width)
    {
        int n = p.Length / width, higher = 0, lower = 0;
        for (int i = 0; i < n; i++)
        {
            double dp = Dot(p.Slice(i * width, width), direction);
            double dq = Dot(q.Slice(i * width, width), direction);
            if (dp > dq) higher++;
            else if (dp < dq) lower++;
        }
        if (lower > higher)
        {
            for (int j = 0; j < direction.Length; j++)
                direction[j] = -direction[j];
            (higher, lower) = (lower, higher);
        }
        return (double)higher / n;
    }

    /// <summary>
    /// Accuracy of classifying each held-out activation x (positives +, negatives -) by the
    /// sign of (x - m) . v, where m is the mean of the training pairs' midpoints; in [0, 1].
    /// </summary>
    public static double Separation(
        float[] direction,
        float[] midpoint,
        ReadOnlySpan<float> p,
        ReadOnlySpan<float> q,
        int width)
    {
        int n = p.Length / width, right = 0;
        double m = Dot(midpoint, direction);
        for (int i = 0; i < n; i++)
        {
            if (Dot(p.Slice(i * width, width), direction) > m) right++;
            if (Dot(q.Slice(i * width, width), direction) < m) right++;
        }
        return n == 0 ? double.NaN : right / (2.0 * n);
    }

    /// <summary>The mean of the pair midpoints (p_i + q_i)/2 [width].</summary>
    public static float[] Midpoint(ReadOnlySpan<float> p, ReadOnlySpan<float> q, int width)
    {
        int n = p.Length / width;
        var m = new double[width];
        for (int i = 0; i < p.Length; i++)
            m[i % width] += 0.5 * (p[i] + q[i]);
        return m.Select(a => (float)(a / n)).ToArray();
    }

    /// <summary>mean_i(p_i - q_i) [width], not normalised.</summary>
    public static float[] MeanDifference(ReadOnlySpan<float> p, ReadOnlySpan<float> q, int width)
    {
        int n = p.Length / width;
        var m = new double[width];
        for (int i = 0; i < p.Length; i++)
            m[i % width] += p[i] - q[i];
        return m.Select(a => (float)(a / n)).ToArray();
    }

    // rows p_i - q_i minus their mean [n, width]
    static float[] CentredDifferences(ReadOnlySpan<float> p, ReadOnlySpan<float> q, int width)
    {
        var mean = MeanDifference(p, q, width);
        var rows = new float[p.Length];
        for (int i = 0; i < p.Length; i++)
            rows[i] = p[i] - q[i] - mean[i % width];
        return rows;
    }

    // p_i and q_i minus their midpoint: n positive rows then n negative rows [2n, width]
    static float[] PairCentred(ReadOnlySpan<float> p, ReadOnlySpan<float> q, int width)
    {
        var rows = new float[2 * p.Length];
        for (int i = 0; i < p.Length; i++)
        {
            float half = 0.5f * (p[i] - q[i]);
            rows[i] = half;
            rows[p.Length + i] = -half;
        }
        return rows;
    }

    static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double s = 0;
        for (int j = 0; j < a.Length; j++)
            s += (double)a[j] * b[j];
        return s;
    }
}
