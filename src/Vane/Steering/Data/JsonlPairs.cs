using System.Text.Json;

namespace Vane.Steering;

/// <summary>
/// Reads contrast pairs from JSON Lines: one object per line,
/// <c>{"positive": "...", "negative": "..."}</c>; blank lines are skipped.
/// </summary>
public static class JsonlPairs
{
    /// <summary>The pairs of the file at <paramref name="path"/>, in file order.</summary>
    /// <exception cref="InvalidDataException">
    /// The file has no pairs, a line is not a JSON object, or a side is missing or empty;
    /// the message names the file and the line.
    /// </exception>
    public static IReadOnlyList<ContrastPair> Read(string path)
    {
        var pairs = new List<ContrastPair>();
        int lineNo = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            pairs.Add(Parse(line, path, lineNo));
        }
        if (pairs.Count == 0)
            throw new InvalidDataException(
                $"{path}: no contrast pairs; expected one {{\"positive\": ..., \"negative\": ...}} per line");
        return pairs;
    }

    static ContrastPair Parse(string line, string path, int lineNo)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}:{lineNo}: malformed JSON: {e.Message}", e);
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException(
                    $"{path}:{lineNo}: expected a JSON object, got {doc.RootElement.ValueKind}");
            return new ContrastPair(
                Side(doc.RootElement, "positive", path, lineNo),
                Side(doc.RootElement, "negative", path, lineNo));
        }
    }

    static string Side(JsonElement obj, string name, string path, int lineNo)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.String)
            throw new InvalidDataException($"{path}:{lineNo}: \"{name}\" is missing or not a string");
        string s = v.GetString()!;
        if (s.Length == 0)
            throw new InvalidDataException($"{path}:{lineNo}: \"{name}\" is empty");
        return s;
    }
}
