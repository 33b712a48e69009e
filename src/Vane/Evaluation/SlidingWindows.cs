namespace Vane.Evaluation;

/// <summary>
/// One window of a sliding-window evaluation: the model reads tokens
/// [Begin, End - 1) and is scored on the targets [FirstScored, End).
/// </summary>
internal readonly record struct ScoreWindow(int Begin, int FirstScored, int End)
{
    /// <summary>Tokens fed to the model.</summary>
    public int InputLength => End - 1 - Begin;
}

/// <summary>
/// Plans the windows the Hugging Face way: window starts move by the stride,
/// each window scores only the tokens the previous one did not reach, so every
/// token after the first is scored exactly once, with up to window - 1 tokens of context.
/// </summary>
internal static class SlidingWindows
{
    public static List<ScoreWindow> Plan(int tokens, int window, int stride)
    {
        var plan = new List<ScoreWindow>();
        int prevEnd = 1; // token 0 has no context and is never scored
        for (int begin = 0; prevEnd < tokens; begin += stride)
        {
            int end = Math.Min(begin + window, tokens);
            plan.Add(new ScoreWindow(begin, prevEnd, end));
            prevEnd = end;
        }
        return plan;
    }
}
