using System.Text.Json;
using Vane.Loading;

namespace Vane.Tokenization;

/// <summary>Reads the loosely typed fields of Hugging Face JSON files, naming the file on error.</summary>
internal static class JsonFields
{
    /// <summary>Parses <paramref name="path"/>, or throws naming the file.</summary>
    public static JsonDocument Parse(string path)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw new ModelFormatException(path, null, $"not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>Parses <paramref name="path"/> when it exists; null otherwise.</summary>
    public static JsonDocument? ParseIfExists(string path) => File.Exists(path) ? Parse(path) : null;

    /// <summary>The named property, or null when absent or JSON null.</summary>
    public static JsonElement? Get(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object
        && obj.TryGetProperty(name, out var v)
        && v.ValueKind != JsonValueKind.Null ? v : null;

    /// <summary>A token given as a string or as an object with "content" (AddedToken form).</summary>
    public static string? TokenText(JsonElement obj, string name, string path)
    {
        if (Get(obj, name) is not JsonElement v)
            return null;
        if (v.ValueKind == JsonValueKind.String)
            return v.GetString();
        if (v.ValueKind == JsonValueKind.Object && Get(v, "content") is { ValueKind: JsonValueKind.String } c)
            return c.GetString();
        throw Bad(path, name, v, "a string or an object with a string \"content\"");
    }

    /// <summary>A boolean field, or null when absent.</summary>
    public static bool? Bool(JsonElement obj, string name, string path)
    {
        if (Get(obj, name) is not JsonElement v)
            return null;
        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Bad(path, name, v, "true or false"),
        };
    }

    /// <summary>A string field, or null when absent.</summary>
    public static string? String(JsonElement obj, string name, string path)
    {
        if (Get(obj, name) is not JsonElement v)
            return null;
        return v.ValueKind == JsonValueKind.String ? v.GetString() : throw Bad(path, name, v, "a string");
    }

    /// <summary>An integer field, or null when absent.</summary>
    public static int? Int(JsonElement obj, string name, string path)
    {
        if (Get(obj, name) is not JsonElement v)
            return null;
        return v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i)
            ? i : throw Bad(path, name, v, "an integer");
    }

    /// <summary>An id field given as one integer or a list of integers; empty when absent.</summary>
    public static List<int> IntOrList(JsonElement obj, string name, string path)
    {
        if (Get(obj, name) is not JsonElement v)
            return [];
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int one))
            return [one];
        if (v.ValueKind != JsonValueKind.Array)
            throw Bad(path, name, v, "an integer or a list of integers");
        var ids = new List<int>();
        foreach (var e in v.EnumerateArray())
            ids.Add(e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out int i)
                ? i : throw Bad(path, name, e, "an integer in the list"));
        return ids;
    }

    /// <summary>An error for a field of the wrong kind, showing what was found.</summary>
    public static ModelFormatException Bad(string path, string field, JsonElement found, string expected)
    {
        string text = found.GetRawText();
        if (text.Length > 60)
            text = text[..60] + "...";
        return new ModelFormatException(path, field, $"expected {expected}, found {found.ValueKind} {text}");
    }
}
