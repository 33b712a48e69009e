using System.Text.Json;

namespace Vane.Loading;

/// <summary>
/// Reads the loosely typed fields of Hugging Face JSON files (config.json, tokenizer.json,
/// tokenizer_config.json, ...), naming the file and field on error. Absent and JSON null fields
/// read as null; a field of the wrong kind is an error showing what was found.
/// </summary>
internal static class JsonFields
{
    /// <summary>The fields of one object of file <paramref name="path"/>, read without repeating
    /// the object and the path at every call.</summary>
    public readonly struct Fields(string path, JsonElement obj)
    {
        /// <summary>The file, for messages.</summary>
        public string Path => path;

        /// <summary>The object.</summary>
        public JsonElement Obj => obj;

        public int? Int(string name) => JsonFields.Int(obj, name, path);

        public int RequiredInt(string name) => JsonFields.RequiredInt(obj, name, path);

        public double? Double(string name) => JsonFields.Double(obj, name, path);

        public bool? Bool(string name) => JsonFields.Bool(obj, name, path);

        public string? String(string name) => JsonFields.String(obj, name, path);

        public List<int> IntOrList(string name) => JsonFields.IntOrList(obj, name, path);
    }

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

    /// <summary>An integer field that must be present.</summary>
    public static int RequiredInt(JsonElement obj, string name, string path) =>
        Int(obj, name, path) ?? throw new ModelFormatException(path, name, "missing (expected an integer)");

    /// <summary>A number field, or null when absent.</summary>
    public static double? Double(JsonElement obj, string name, string path)
    {
        if (Get(obj, name) is not JsonElement v)
            return null;
        return v.ValueKind == JsonValueKind.Number ? v.GetDouble() : throw Bad(path, name, v, "a number");
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
