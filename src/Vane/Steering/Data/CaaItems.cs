using System.Text.Json;
using Vane.Tokenization.Chat;

namespace Vane.Steering;

/// <summary>
/// One A/B item of a CAA data set (Rimsky et al.): a question listing the choices, and
/// the letters of the answer that shows the behaviour and of the one that does not.
/// </summary>
/// <param name="Question">The question with its choices, e.g. "...\n\nChoices:\n(A) ...\n(B) ...".</param>
/// <param name="Matching">The answer showing the behaviour, e.g. "(A)".</param>
/// <param name="NotMatching">The other answer, e.g. "(B)".</param>
public sealed record CaaItem(string Question, string Matching, string NotMatching);

/// <summary>
/// Reads CAA A/B files (a JSON array of objects with question, answer_matching_behavior and
/// answer_not_matching_behavior) and turns items into contrast pairs that end at the answer
/// letter, so that the default read position (the last token) is the letter, as in CAA.
/// </summary>
public static class CaaItems
{
    /// <summary>The items of the file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">Not a JSON array of complete items; names the file and item.</exception>
    public static IReadOnlyList<CaaItem> Read(string path)
    {
        using var doc = ParseFile(path);
        if (doc.RootElement.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException($"{path}: expected a JSON array of A/B items");
        var items = new List<CaaItem>();
        int i = 0;
        foreach (var e in doc.RootElement.EnumerateArray())
        {
            items.Add(new CaaItem(
                Field(e, "question", path, i),
                Field(e, "answer_matching_behavior", path, i),
                Field(e, "answer_not_matching_behavior", path, i)));
            i++;
        }
        if (items.Count == 0)
            throw new InvalidDataException($"{path}: the array has no items");
        return items;
    }

    /// <summary>
    /// Pairs from <paramref name="items"/>: the question, a blank line, then the answer cut
    /// after its letter ("(A"), matching for the positive and not matching for the negative.
    /// With <paramref name="chat"/>, the question is the user turn and the answer starts the
    /// assistant turn (encode such text without adding special tokens).
    /// </summary>
    public static IReadOnlyList<ContrastPair> ToPairs(IReadOnlyList<CaaItem> items, ChatFormat? chat = null) =>
        items.Select(it => new ContrastPair(
            Compose(it.Question, AnswerLetter(it.Matching), chat),
            Compose(it.Question, AnswerLetter(it.NotMatching), chat))).ToList();

    /// <summary>The answer up to and including its letter: "(A)" gives "(A", " (B) yes" gives "(B".</summary>
    public static string AnswerLetter(string answer)
    {
        string a = answer.Trim();
        int open = a.IndexOf('(');
        return open >= 0 && open + 1 < a.Length ? a[..(open + 2)] : a;
    }

    static string Compose(string question, string answer, ChatFormat? chat) =>
        chat is null ? $"{question}\n\n{answer}" : ChatWrapping.Wrap(chat, question, answer);

    static JsonDocument ParseFile(string path)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: malformed JSON: {e.Message}", e);
        }
    }

    static string Field(JsonElement e, string name, string path, int index)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var v)
            || v.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(v.GetString()))
            throw new InvalidDataException($"{path}: item {index}: \"{name}\" is missing or empty");
        return v.GetString()!;
    }
}
