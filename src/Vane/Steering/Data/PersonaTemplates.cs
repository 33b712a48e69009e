using Vane.Tokenization.Chat;

namespace Vane.Steering;

/// <summary>
/// Builds contrast pairs the way repeng does: a template with a {persona} slot filled with a
/// positive and a negative persona, followed by the start of an answer (a suffix). Every
/// suffix is used with every persona pair, so there are suffixes x persona pairs.
/// </summary>
public static class PersonaTemplates
{
    /// <summary>The slot a template must contain.</summary>
    public const string Slot = "{persona}";

    /// <summary>
    /// Pairs for <paramref name="template"/>: for each suffix s, for each i, positive =
    /// template(positives[i]) then s, negative = template(negatives[i]) then s (personas are
    /// paired by index, as repeng zips them). Without <paramref name="chat"/> the two parts
    /// are joined by a space; with it the template is the user turn and the suffix starts
    /// the assistant turn (encode such text with addSpecial false).
    /// </summary>
    /// <exception cref="ArgumentException">No slot, no personas, or lists of different lengths.</exception>
    public static IReadOnlyList<ContrastPair> Expand(
        string template,
        IReadOnlyList<string> positives,
        IReadOnlyList<string> negatives,
        IReadOnlyList<string> suffixes,
        ChatFormat? chat = null)
    {
        if (!template.Contains(Slot, StringComparison.Ordinal))
            throw new ArgumentException($"template has no {Slot} slot: \"{template}\"", nameof(template));
        if (positives.Count == 0 || positives.Count != negatives.Count)
            throw new ArgumentException(
                $"got {positives.Count} positive and {negatives.Count} negative personas; " +
                "expected the same number, at least one");
        if (suffixes.Count == 0)
            throw new ArgumentException("no suffixes; use [\"\"] for none", nameof(suffixes));
        var pairs = new List<ContrastPair>();
        foreach (string s in suffixes)
            for (int i = 0; i < positives.Count; i++)
                pairs.Add(new ContrastPair(
                    Join(template.Replace(Slot, positives[i]), s, chat),
                    Join(template.Replace(Slot, negatives[i]), s, chat)));
        return pairs;
    }

    /// <summary>A JSON array of strings, such as repeng's all_truncated_outputs.json.</summary>
    public static IReadOnlyList<string> ReadSuffixes(string path)
    {
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<List<string>>(File.ReadAllText(path))
                ?? throw new InvalidDataException($"{path}: expected a JSON array of strings, got null");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InvalidDataException($"{path}: expected a JSON array of strings: {e.Message}", e);
        }
    }

    static string Join(string user, string suffix, ChatFormat? chat) =>
        chat is not null ? ChatWrapping.Wrap(chat, user, suffix)
        : suffix.Length == 0 ? user : $"{user} {suffix}";
}
