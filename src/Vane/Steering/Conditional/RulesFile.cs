using System.Globalization;
using System.Text.Json;
using Vane.Model;
using Vane.Steering.Files;

namespace Vane.Steering;

/// <summary>The conditions and rules of a rules file.</summary>
/// <param name="Conditions">Named conditions.</param>
/// <param name="Rules">Rules over their names.</param>
public sealed record RuleSet(IReadOnlyList<Condition> Conditions, IReadOnlyList<SteeringRule> Rules);

/// <summary>
/// Reads a rules file (JSON; paths relative to the file):
/// {"conditions": [{"name": "sea", "file": "sea/condition.json"} or an inline condition as in
/// <see cref="ConditionFile"/>], "rules": [{"if": "sea and not war", "then": "B.gguf:2@3..4"}]}.
/// "then" is FILE[:STRENGTH][@LAYERS], as --steer takes.
/// </summary>
public static class RulesFile
{
    /// <summary>Reads and checks <paramref name="path"/> against <paramref name="model"/>.</summary>
    /// <exception cref="ArgumentException">
    /// A rule names an unknown condition, or a vector has the wrong width.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">A threshold outside [-1, 1].</exception>
    /// <exception cref="FormatException">Invalid JSON, a missing field or a bad rule expression.</exception>
    public static RuleSet Read(string path, ModelConfig model)
    {
        if (!File.Exists(path))
            throw new IOException($"{path}: rules file not found");
        string dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(File.ReadAllText(path)).RootElement;
        }
        catch (JsonException e)
        {
            throw new FormatException($"{path}: not valid JSON ({e.Message.Split(" Path:")[0]})");
        }
        var conditions = Array(root, "conditions", path)
            .Select((c, i) => Condition(c, $"{path}: conditions[{i}]", dir, model)).ToList();
        var rules = Array(root, "rules", path).Select((r, i) => Rule(r, $"{path}: rules[{i}]", dir, model)).ToList();
        try
        {
            ConditionalChecks.Validate(model, conditions, rules);
        }
        catch (ArgumentException e) when (e is not ArgumentOutOfRangeException)
        {
            throw new ArgumentException($"{path}: {e.Message}");
        }
        return new RuleSet(conditions, rules);
    }

    /// <summary>
    /// Parses FILE[:STRENGTH][@LAYERS] relative to <paramref name="baseDir"/> into a rule when
    /// <paramref name="when"/>.
    /// </summary>
    public static SteeringRule Behaviour(string spec, RuleExpression when, string baseDir, ModelConfig model)
    {
        string rest = spec;
        LayerSelection? layers = null;
        int at = rest.LastIndexOf('@');
        if (at > 0)
            (layers, rest) = (LayerSelection.Parse(rest[(at + 1)..]), rest[..at]);
        float strength = 1;
        int colon = rest.LastIndexOf(':');
        if (colon > 0 && float.TryParse(rest[(colon + 1)..], CultureInfo.InvariantCulture, out float s))
            (strength, rest) = (s, rest[..colon]);
        var vector = ControlVectorFile.Read(Path.Combine(baseDir, rest), model);
        return new SteeringRule(when, vector, strength, layers);
    }

    static Condition Condition(JsonElement e, string where, string dir, ModelConfig model)
    {
        if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty("file", out var f)
            && f.ValueKind == JsonValueKind.String)
        {
            var c = ConditionFile.Read(Path.Combine(dir, f.GetString()!), model);
            string name = e.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
                ? n.GetString()!
                : c.Name;
            return new Condition(name, c.Vector, c.Layers, c.Threshold, c.Direction, c.Aggregation);
        }
        return ConditionFile.FromJson(e, where, dir, model);
    }

    static SteeringRule Rule(JsonElement e, string where, string dir, ModelConfig model)
    {
        if (e.ValueKind != JsonValueKind.Object
            || !e.TryGetProperty("if", out var when) || when.ValueKind != JsonValueKind.String
            || !e.TryGetProperty("then", out var then) || then.ValueKind != JsonValueKind.String)
            throw new FormatException(
                $"{where}: a rule is {{\"if\": \"EXPRESSION\", \"then\": \"FILE[:STRENGTH][@LAYERS]\"}}");
        return Behaviour(then.GetString()!, RuleExpression.Parse(when.GetString()!), dir, model);
    }

    static IEnumerable<JsonElement> Array(JsonElement root, string key, string path) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(key, out var a)
            && a.ValueKind == JsonValueKind.Array
            ? a.EnumerateArray().ToArray()
            : throw new FormatException($"{path}: field \"{key}\" is missing; expected a list");
}
