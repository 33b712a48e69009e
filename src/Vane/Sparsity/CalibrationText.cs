namespace Vane.Sparsity;

/// <summary>
/// Builds one calibration token stream from several texts, an equal share from each, so that
/// thresholds are set on every kind of text the model will see, not just the first file given.
/// </summary>
public static class CalibrationText
{
    /// <summary>
    /// Takes up to <paramref name="maxTokens"/> tokens in all: each text gives an equal share (a
    /// whole number of <paramref name="window"/>s where it can, so that calibration windows do not
    /// straddle two texts), starting after its first <paramref name="skip"/> tokens; what a short
    /// text cannot give is taken from the longer ones.
    /// </summary>
    /// <param name="texts">Token ids of each text.</param>
    /// <param name="maxTokens">Tokens wanted in all.</param>
    /// <param name="skip">Tokens left out at the start of every text (e.g. those an evaluation scores).</param>
    /// <param name="window">Calibration window length the shares are rounded to.</param>
    /// <exception cref="ArgumentException">No text, or no token left after skipping.</exception>
    public static int[] Mix(IReadOnlyList<IReadOnlyList<int>> texts, int maxTokens, int skip = 0, int window = 256)
    {
        int[] take = Shares(texts.Select(t => t.Count).ToArray(), maxTokens, skip, window);
        var result = new List<int>(take.Sum());
        for (int i = 0; i < texts.Count; i++)
            result.AddRange(texts[i].Skip(skip).Take(take[i]));
        return result.ToArray();
    }

    /// <summary>
    /// How many tokens <see cref="Mix"/> takes from each text of the given lengths. Equal shares by
    /// water-filling (the shortest texts give all they have, the rest split what is left); each share
    /// of a window or more is cut to whole windows and the freed tokens handed back a window at a time
    /// to texts that still have them, so the total may fall short by less than a window per text.
    /// </summary>
    /// <exception cref="ArgumentException">No text, or no token left after skipping.</exception>
    public static int[] Shares(IReadOnlyList<int> lengths, int maxTokens, int skip = 0, int window = 256)
    {
        if (lengths.Count == 0)
            throw new ArgumentException("no calibration text given", nameof(lengths));
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        int n = lengths.Count;
        int[] available = lengths.Select(t => Math.Max(0, t - skip)).ToArray();
        long have = available.Sum(a => (long)a);
        if (have == 0)
            throw new ArgumentException(
                $"no calibration tokens left: every text has at most {skip} tokens, all skipped", nameof(lengths));
        int wanted = (int)Math.Min(maxTokens, have);
        var take = new int[n];
        int left = wanted, open = n;
        foreach (int i in Enumerable.Range(0, n).OrderBy(i => available[i]))
        {
            take[i] = Math.Min(available[i], left / open--);
            left -= take[i];
        }
        for (int i = 0; i < n; i++)
            if (take[i] >= window)
                take[i] -= take[i] % window;

        int rest = wanted - take.Sum();
        for (bool gave = true; gave && rest >= window;)
        {
            gave = false;
            for (int i = 0; i < n && rest >= window; i++)
                if (available[i] - take[i] >= window)
                {
                    take[i] += window;
                    rest -= window;
                    gave = true;
                }
        }
        return take;
    }
}
