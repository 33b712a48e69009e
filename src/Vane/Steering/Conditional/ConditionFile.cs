using System.Text.Json;
using System.Text.Json.Nodes;
using Vane.Model;
using Vane.Steering.Files;

namespace Vane.Steering;

/// <summary>
/// A condition as JSON (what `vane condition search` writes as condition.json):
/// {"name", "vector" (a control-vector GGUF, relative to the JSON file), "layers", "threshold",
/// "direction" ("above" | "below"), "aggregation" ("mean" | "last")}; other keys are kept as notes.
/// </summary>
public static class ConditionFile
{
    /// <summary>
    /// Writes <paramref name="condition"/> to <paramref name="path"/>, its vector to
    /// <paramref name="vectorPath"/>, and <paramref name="notes"/> as extra keys.
    /// </summary>
    public static void Write(Condition condition, string path, string vectorPath,
        IReadOnlyDictionary<string, double>? notes = null)
    {
        ControlVectorFile.Write(condition.Vector, vectorPath);
        string dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var json = new JsonObject
        {
            ["name"] = condition.Name,
            ["vector"] = Path.GetRelativePath(dir, Path.GetFullPath(vectorPath)),
            ["layers"] = new JsonArray(condition.Layers.Select(l => (JsonNode)l).ToArray()),
            ["threshold"] = condition.Threshold,
            ["direction"] = condition.Direction.ToString().ToLowerInvariant(),
            ["aggregation"] = condition.Aggregation.ToString().ToLowerInvariant(),
        };
        foreach (var (k, v) in notes ?? new Dictionary<string, double>())
            json[k] = double.IsFinite(v) ? v : null;
        File.WriteAllText(path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>Reads a condition file, checking its vector against <paramref name="model"/> when given.</summary>
    /// <exception cref="FormatException">Not valid JSON or a field missing or wrong; names file and field.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The threshold is outside [-1, 1].</exception>
    public static Condition Read(string path, ModelConfig? model = null)
    {
        if (!File.Exists(path))
            throw new IOException($"{path}: condition file not found");
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(File.ReadAllText(path)).RootElement;
        }
        catch (JsonException e)
        {
            throw new FormatException($"{path}: not valid JSON ({e.Message.Split(" Path:")[0]})");
        }
        return FromJson(root, path, Path.GetDirectoryName(Path.GetFullPath(path))!, model);
    }

    internal static Condition FromJson(JsonElement e, string where, string baseDir, ModelConfig? model)
    {
        if (e.ValueKind != JsonValueKind.Object)
            throw new FormatException($"{where}: a condition is a JSON object");
        string name = Str(e, "name", where, "condition");
        string vectorPath = Path.Combine(baseDir, Str(e, "vector", where, null));
        var vector = ControlVectorFile.Read(vectorPath, model);
        if (!e.TryGetProperty("layers", out var ls) || ls.ValueKind != JsonValueKind.Array)
            throw new FormatException($"{where}: field \"layers\" is missing; expected a list of blocks, e.g. [3]");
        var layers = ls.EnumerateArray().Select(x => x.TryGetInt32(out int l) ? l
            : throw new FormatException($"{where}: \"layers\" holds {x}, expected block indices")).ToArray();
        if (!e.TryGetProperty("threshold", out var t) || !t.TryGetDouble(out double theta))
            throw new FormatException($"{where}: field \"threshold\" is missing; expected a number in [-1, 1]");
        var direction = Str(e, "direction", where, "above") switch
        {
            "above" => ConditionDirection.Above,
            "below" => ConditionDirection.Below,
            var d => throw new FormatException($"{where}: direction \"{d}\", expected \"above\" or \"below\""),
        };
        var aggregation = Str(e, "aggregation", where, "mean") switch
        {
            "mean" => ConditionAggregation.Mean,
            "last" => ConditionAggregation.Last,
            var a => throw new FormatException($"{where}: aggregation \"{a}\", expected \"mean\" or \"last\""),
        };
        try
        {
            return new Condition(name, vector, layers, (float)theta, direction, aggregation);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new ArgumentOutOfRangeException(nameof(e), $"{where}: {ex.Message.Split(" (Parameter")[0]}");
        }
    }

    static string Str(JsonElement e, string key, string where, string? fallback)
    {
        if (!e.TryGetProperty(key, out var v))
            return fallback ?? throw new FormatException($"{where}: field \"{key}\" is missing");
        return v.ValueKind == JsonValueKind.String ? v.GetString()!
            : throw new FormatException($"{where}: field \"{key}\" is {v.ValueKind}, expected a string");
    }
}
