using System.Text.Json;

namespace Vane.Evaluation;

/// <summary>
/// Reads CAA A/B test files: a JSON array of objects with "question",
/// "answer_matching_behavior" and "answer_not_matching_behavior" ("(A)" or "(B)").
/// </summary>
public static class AbDataset
{
    /// <summary>
    /// The items of <paramref name="path"/>, at most <paramref name="maxItems"/> of them.
    /// Throws <see cref="InvalidDataException"/> naming the file and item index for a malformed item.
    /// </summary>
    public static IReadOnlyList<AbItem> Load(string path, int? maxItems = null)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON ({e.Message})", e);
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
                throw new InvalidDataException(
                    $"{path}: expected a JSON array of A/B items, got {doc.RootElement.ValueKind}");
            return doc.RootElement.EnumerateArray()
                .Take(maxItems ?? int.MaxValue)
                .Select((e, i) => ReadItem(e, path, i))
                .ToList();
        }
    }

    static AbItem ReadItem(JsonElement e, string path, int index)
    {
        string Field(string name)
        {
            if (e.ValueKind != JsonValueKind.Object)
                throw Bad(path, index, $"expected an object, got {e.ValueKind}");
            if (!e.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.String)
                throw Bad(path, index, $"missing string field \"{name}\"");
            return v.GetString()!;
        }
        string question = Field("question");
        char match = Letter(Field("answer_matching_behavior"), path, index, "answer_matching_behavior");
        char other = Letter(Field("answer_not_matching_behavior"), path, index, "answer_not_matching_behavior");
        if (match == other)
            throw Bad(path, index, $"both answers are ({match})");
        return new AbItem(question, match, other);
    }

    /// <summary>"(A)" -> 'A'; accepts surrounding spaces, rejects anything but A and B.</summary>
    static char Letter(string answer, string path, int index, string field)
    {
        string s = answer.Trim();
        if (s is "(A)" or "(B)")
            return s[1];
        throw Bad(path, index, $"{field} is \"{answer}\"; expected \"(A)\" or \"(B)\"");
    }

    static InvalidDataException Bad(string path, int index, string what) =>
        new($"{path}: item {index}: {what}");
}
