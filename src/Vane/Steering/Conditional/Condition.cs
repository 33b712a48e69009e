namespace Vane.Steering;

/// <summary>
/// A named CAST condition: a condition vector, the blocks it is tested at (met when any block
/// meets it: an OR over blocks), the threshold theta in [-1, 1], its direction and the
/// aggregation of the prompt. Tested at hook_resid_post of each block.
/// </summary>
public sealed record Condition
{
    /// <summary>The name rules use for it.</summary>
    public string Name { get; }

    /// <summary>Condition vector c, one direction [DModel] per block.</summary>
    public SteeringVector Vector { get; }

    /// <summary>Blocks tested (0-based, each with a direction in <see cref="Vector"/>).</summary>
    public IReadOnlyList<int> Layers { get; }

    /// <summary>Threshold theta on s, in [-1, 1].</summary>
    public float Threshold { get; }

    /// <summary>Which side of theta meets the condition.</summary>
    public ConditionDirection Direction { get; }

    /// <summary>How the prompt's rows become hbar.</summary>
    public ConditionAggregation Aggregation { get; }

    /// <summary>Creates a condition; rejects a threshold outside [-1, 1] and blocks without a direction.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The threshold is outside [-1, 1] or not finite.</exception>
    /// <exception cref="ArgumentException">No blocks, or a block the vector has no direction for.</exception>
    public Condition(
        string name,
        SteeringVector vector,
        IReadOnlyList<int> layers,
        float threshold,
        ConditionDirection direction = ConditionDirection.Above,
        ConditionAggregation aggregation = ConditionAggregation.Mean)
    {
        ArgumentNullException.ThrowIfNull(vector);
        if (!(threshold >= -1 && threshold <= 1))
            throw new ArgumentOutOfRangeException(nameof(threshold),
                $"condition '{name}': threshold {threshold} is outside [-1, 1] (s is a cosine)");
        if (layers.Count == 0)
            throw new ArgumentException($"condition '{name}': no blocks to test at");
        foreach (int l in layers)
            if (!vector.Directions.ContainsKey(l))
                throw new ArgumentException(
                    $"condition '{name}': block {l} has no condition vector; the vector has blocks " +
                    $"{string.Join(",", vector.Directions.Keys)}");
        (Name, Vector, Layers, Threshold, Direction, Aggregation) =
            (name, vector, layers.Distinct().Order().ToArray(), threshold, direction, aggregation);
    }

    /// <summary>Whether the scores s by block (one for each of <see cref="Layers"/>) meet the condition.</summary>
    public bool Holds(IReadOnlyDictionary<int, float> scores) =>
        Layers.Any(l => ConditionScore.Meets(scores[l], Threshold, Direction));
}
