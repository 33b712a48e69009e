namespace Vane.Evaluation;

/// <summary>
/// Word-list scores of generated text, for models too small for an LLM judge:
/// the share of a text's words (see <see cref="Words.Split"/>) found in a list.
/// </summary>
public static class LexiconScore
{
    /// <summary>
    /// Share (0 to 1) of the words of <paramref name="text"/> that are in <paramref name="list"/>;
    /// 0 for a text without words.
    /// </summary>
    public static double Share(string text, WordList list) => Share(Words.Split(text), list);

    /// <summary>
    /// Positive share minus negative share (-1 to 1) of the words of <paramref name="text"/>;
    /// a word in both lists counts on both sides.
    /// </summary>
    public static double Polarity(string text, WordList positive, WordList negative)
    {
        var words = Words.Split(text);
        return Share(words, positive) - Share(words, negative);
    }

    static double Share(IReadOnlyList<string> words, WordList list) =>
        words.Count == 0 ? 0 : (double)words.Count(list.Contains) / words.Count;
}
