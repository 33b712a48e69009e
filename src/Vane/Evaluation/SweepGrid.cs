namespace Vane.Evaluation;

/// <summary>The result of one (layer, strength) cell of a sweep.</summary>
/// <param name="Layer">The block the edit was applied at.</param>
/// <param name="Strength">The strength it was applied with.</param>
/// <param name="Result">What the evaluation returned.</param>
public sealed record SweepCell<T>(int Layer, float Strength, T Result);

/// <summary>
/// Results of a layer x strength sweep, row-major: one row per layer, one column per
/// strength, in the order given. Plain data, for tables and plots elsewhere.
/// </summary>
/// <param name="Layers">The layers swept [rows].</param>
/// <param name="Strengths">The strengths swept [columns].</param>
/// <param name="Cells">All cells [rows * columns], layer-major.</param>
public sealed record SweepGrid<T>(
    IReadOnlyList<int> Layers, IReadOnlyList<float> Strengths, IReadOnlyList<SweepCell<T>> Cells)
{
    /// <summary>
    /// The cell of the <paramref name="layerIndex"/>-th layer and the
    /// <paramref name="strengthIndex"/>-th strength (indices into the axes, not values).
    /// </summary>
    public SweepCell<T> this[int layerIndex, int strengthIndex] =>
        Cells[layerIndex * Strengths.Count + strengthIndex];
}
