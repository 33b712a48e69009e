namespace Vane.Evaluation;

/// <summary>
/// A set of words (case-insensitive) that a text's words are looked up in,
/// with the plural-s stemming of <see cref="Words.Forms"/>.
/// </summary>
public sealed class WordList
{
    readonly HashSet<string> _words;

    /// <summary>A list of <paramref name="words"/>, lower-cased.</summary>
    public WordList(IEnumerable<string> words) =>
        _words = words.Select(w => w.Trim().ToLowerInvariant()).Where(w => w.Length > 0).ToHashSet();

    /// <summary>Number of distinct words.</summary>
    public int Count => _words.Count;

    /// <summary>
    /// Reads one word per line from <paramref name="path"/>; blank lines and lines starting
    /// with ';' (the comment header of the Hu and Liu opinion lexicon) are skipped.
    /// </summary>
    public static WordList Load(string path) =>
        new(File.ReadLines(path).Where(l => !l.TrimStart().StartsWith(';')));

    /// <summary>Whether <paramref name="word"/> (lower-case) or its singular is in the list.</summary>
    public bool Contains(string word) => Words.Forms(word).Any(_words.Contains);
}
