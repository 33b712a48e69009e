using Vane.Model;

namespace Vane.Steering;

// the checks made before any CAST hook is registered
static class ConditionalChecks
{
    public static void Validate(ModelConfig config, IReadOnlyList<Condition> conditions,
        IReadOnlyList<SteeringRule> rules)
    {
        if (conditions.Count == 0)
            throw new ArgumentException("no conditions: conditional steering needs at least one");
        var names = new HashSet<string>();
        foreach (var c in conditions)
        {
            if (!names.Add(c.Name))
                throw new ArgumentException($"two conditions are named '{c.Name}'");
            Width($"condition '{c.Name}'", c.Vector, config);
            foreach (int l in c.Layers)
                if (l >= config.NLayers)
                    throw new ArgumentOutOfRangeException(nameof(conditions),
                        $"condition '{c.Name}': block {l}, the model has blocks 0..{config.NLayers - 1}");
        }
        for (int i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            foreach (string v in rule.When.Variables)
                if (!names.Contains(v))
                    throw new ArgumentException(
                        $"rule {i + 1} (\"{rule.When}\"): unknown condition '{v}'; the conditions are " +
                        string.Join(", ", names.Order()));
            if (!float.IsFinite(rule.Strength))
                throw new ArgumentException($"rule {i + 1}: strength {rule.Strength} is not a finite number");
            Width($"rule {i + 1}'s behaviour vector", rule.Behaviour, config);
            rule.Layers?.Resolve(config.NLayers);
        }
    }

    static void Width(string what, SteeringVector v, ModelConfig config)
    {
        if (v.DModel != config.DModel)
            throw new ArgumentException(
                $"{what} has width {v.DModel}, the model's DModel is {config.DModel}: " +
                "was it made for another model?");
    }
}
