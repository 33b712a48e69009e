namespace Vane.Steering;

/// <summary>
/// Condition vectors from prompt-only contrasts (docs/methods.md section 4).
/// </summary>
/// <remarks>
/// Vane uses the mean difference of the mean-over-tokens activations:
/// c_L = mean(hbar of positive prompts) - mean(hbar of negative prompts), not IBM's
/// pair-centred PCA. The two prompt sets need not be paired or of equal size, there is no sign
/// to fix, and s only reads the direction of c (its length only sets how soon tanh saturates).
/// </remarks>
public static class ConditionExtractor
{
    /// <summary>
    /// c per block of <paramref name="positive"/> and <paramref name="negative"/>
    /// (the same blocks in both), from their mean-over-tokens activations.
    /// </summary>
    public static SteeringVector Extract(PromptActivations positive, PromptActivations negative)
    {
        if (positive.DModel != negative.DModel)
            throw new ArgumentException($"widths differ: {positive.DModel} and {negative.DModel}");
        int d = positive.DModel;
        var dirs = new Dictionary<int, float[]>();
        foreach (var (l, p) in positive.Mean)
        {
            var c = new float[d];
            Accumulate(c, p, positive.Count, +1);
            Accumulate(c, negative.Mean[l], negative.Count, -1);
            dirs[l] = c;
        }
        return new SteeringVector(d, dirs)
        {
            Metadata = new Dictionary<string, string>
            {
                ["kind"] = "condition",
                ["method"] = "mean_diff",
                ["read_position"] = "mean",
                ["n_positive"] = $"{positive.Count}",
                ["n_negative"] = $"{negative.Count}",
            },
        };
    }

    // c += sign * mean of the rows of x [n, d]
    static void Accumulate(float[] c, float[] x, int n, int sign)
    {
        int d = c.Length;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++)
                c[j] += sign * x[i * d + j] / n;
    }
}
