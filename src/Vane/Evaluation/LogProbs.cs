namespace Vane.Evaluation;

/// <summary>
/// Log-softmax of one row of logits, accumulated in float64 so that sums over
/// large vocabularies and thousands of tokens stay exact to about 1e-12.
/// </summary>
internal static class LogProbs
{
    /// <summary>log(sum(exp(logits))), computed around the maximum.</summary>
    public static double LogSumExp(ReadOnlySpan<float> logits)
    {
        double max = double.NegativeInfinity;
        foreach (float x in logits)
            max = Math.Max(max, x);
        double sum = 0;
        foreach (float x in logits)
            sum += Math.Exp(x - max);
        return max + Math.Log(sum);
    }

    /// <summary>Writes log p for every token of <paramref name="logits"/> into <paramref name="dest"/>.</summary>
    public static void Fill(ReadOnlySpan<float> logits, Span<double> dest)
    {
        double lse = LogSumExp(logits);
        for (int i = 0; i < logits.Length; i++)
            dest[i] = logits[i] - lse;
    }

    /// <summary>Index of the largest logit (the first on ties).</summary>
    public static int ArgMax(ReadOnlySpan<float> logits)
    {
        int best = 0;
        for (int i = 1; i < logits.Length; i++)
            if (logits[i] > logits[best])
                best = i;
        return best;
    }
}
