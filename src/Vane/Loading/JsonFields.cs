using System.Text.Json;

namespace Vane.Loading;

/// <summary>Typed access to fields of a JSON object, with errors naming the file and the field.</summary>
internal readonly struct JsonFields(string path, JsonElement root)
{
    public string Path => path;
    public JsonElement Root => root;

    public int RequiredInt(string name) =>
        Int(name) ?? throw new ModelFormatException(path, name, "missing (expected an integer)");

    public int? Int(string name)
    {
        if (!root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i))
            return i;
        throw new ModelFormatException(path, name, $"is {v}, expected an integer");
    }

    public double? Double(string name)
    {
        if (!root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            return null;
        if (v.ValueKind == JsonValueKind.Number)
            return v.GetDouble();
        throw new ModelFormatException(path, name, $"is {v}, expected a number");
    }

    public bool? Bool(string name)
    {
        if (!root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            return null;
        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new ModelFormatException(path, name, $"is {v}, expected true or false"),
        };
    }

    public string? String(string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public IReadOnlyList<int> IntOrList(string name)
    {
        if (!root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            return [];
        if (v.ValueKind == JsonValueKind.Array)
            return v.EnumerateArray().Select(e => e.GetInt32()).ToArray();
        return [Int(name)!.Value];
    }
}
