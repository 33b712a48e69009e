using System.Text.Json;

namespace Vane.Evaluation;

/// <summary>
/// The AFINN sentiment lexicon: words scored from -5 (very negative) to +5 (very positive).
/// Multi-word entries ("does not work") are skipped: texts are scored word by word.
/// </summary>
public sealed class AfinnLexicon
{
    readonly Dictionary<string, int> _scores;

    /// <summary>A lexicon of <paramref name="scores"/> (word to score), keys lower-cased.</summary>
    public AfinnLexicon(IEnumerable<KeyValuePair<string, int>> scores) =>
        _scores = scores.Where(p => !p.Key.Contains(' '))
            .ToDictionary(p => p.Key.ToLowerInvariant(), p => p.Value);

    /// <summary>Number of single-word entries.</summary>
    public int Count => _scores.Count;

    /// <summary>
    /// Reads <paramref name="path"/> in the format [["word", score], ...]; throws
    /// <see cref="InvalidDataException"/> naming the file and entry index for a malformed entry.
    /// </summary>
    public static AfinnLexicon Load(string path)
    {
        using var doc = Parse(path);
        if (doc.RootElement.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException($"{path}: expected [[word, score], ...], got {doc.RootElement.ValueKind}");
        var pairs = new Dictionary<string, int>();
        int i = 0;
        foreach (var e in doc.RootElement.EnumerateArray())
        {
            if (e.ValueKind != JsonValueKind.Array || e.GetArrayLength() != 2
                || e[0].ValueKind != JsonValueKind.String || e[1].ValueKind != JsonValueKind.Number
                || !e[1].TryGetInt32(out int score))
                throw new InvalidDataException($"{path}: entry {i}: expected [\"word\", integer score], got {e}");
            pairs[e[0].GetString()!] = score;
            i++;
        }
        return new AfinnLexicon(pairs);
    }

    /// <summary>The score of <paramref name="word"/> (or of its singular), or null if not listed.</summary>
    public int? ScoreOf(string word)
    {
        foreach (string form in Words.Forms(word.ToLowerInvariant()))
            if (_scores.TryGetValue(form, out int s))
                return s;
        return null;
    }

    /// <summary>Scores every word of <paramref name="text"/>.</summary>
    public AfinnScore Score(string text)
    {
        var words = Words.Split(text);
        var scores = words.Select(ScoreOf).Where(s => s is not null).Select(s => s!.Value).ToList();
        return new AfinnScore(scores.Sum(), scores.Count, words.Count);
    }

    static JsonDocument Parse(string path)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON ({e.Message})", e);
        }
    }
}
