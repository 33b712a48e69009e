using System.Text.RegularExpressions;

namespace Vane.Evaluation;

/// <summary>
/// The simple word tokenisation of the lexicon scores: runs of letters and digits,
/// joined across inner apostrophes and hyphens ("don't", "absent-minded"), lower-cased.
/// </summary>
public static partial class Words
{
    /// <summary>The words of <paramref name="text"/>, lower-cased, in order.</summary>
    public static IReadOnlyList<string> Split(string text) =>
        WordPattern().Matches(text.Replace('\u2019', '\''))
            .Select(m => m.Value.ToLowerInvariant())
            .ToList();

    /// <summary>
    /// The light stemming of the lexicons: <paramref name="word"/> itself, then, if it ends in
    /// "s" and is longer than three letters, the word without it ("whales" -> "whale").
    /// </summary>
    public static IEnumerable<string> Forms(string word)
    {
        yield return word;
        if (word.Length > 3 && word.EndsWith('s'))
            yield return word[..^1];
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+(?:['-][\p{L}\p{N}]+)*")]
    private static partial Regex WordPattern();
}
