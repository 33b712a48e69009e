using Vane.Hooks;

namespace Vane.Evaluation;

/// <summary>
/// Runs an evaluation at every (layer, strength) pair, e.g. the A/B behaviour probability
/// of CAA swept over layers and multipliers. Cells run one after another, layer-major.
/// </summary>
public static class LayerStrengthSweep
{
    /// <summary>
    /// For each cell, builds hooks with <paramref name="hooksFor"/> and passes them to
    /// <paramref name="evaluate"/>. <paramref name="onCell"/>, if given, sees each cell as it finishes.
    /// </summary>
    public static SweepGrid<T> Run<T>(
        IReadOnlyList<int> layers,
        IReadOnlyList<float> strengths,
        Func<(int Layer, float Strength), HookSet> hooksFor,
        Func<HookSet, T> evaluate,
        Action<SweepCell<T>>? onCell = null)
    {
        ArgumentNullException.ThrowIfNull(hooksFor);
        ArgumentNullException.ThrowIfNull(evaluate);
        return Sweep(layers, strengths, (l, s) => evaluate(hooksFor((l, s))), onCell);
    }

    /// <summary>
    /// For each cell, registers an edit on the shared <paramref name="hooks"/> with
    /// <paramref name="register"/>, runs <paramref name="evaluate"/>, and disposes the
    /// registration before the next cell, so no edit outlives its cell.
    /// </summary>
    public static SweepGrid<T> Run<T>(
        IReadOnlyList<int> layers,
        IReadOnlyList<float> strengths,
        HookSet hooks,
        Func<HookSet, int, float, IDisposable> register,
        Func<HookSet, T> evaluate,
        Action<SweepCell<T>>? onCell = null)
    {
        ArgumentNullException.ThrowIfNull(hooks);
        ArgumentNullException.ThrowIfNull(register);
        ArgumentNullException.ThrowIfNull(evaluate);
        return Sweep(layers, strengths, (l, s) =>
        {
            using var edit = register(hooks, l, s);
            return evaluate(hooks);
        }, onCell);
    }

    static SweepGrid<T> Sweep<T>(
        IReadOnlyList<int> layers,
        IReadOnlyList<float> strengths,
        Func<int, float, T> cell,
        Action<SweepCell<T>>? onCell)
    {
        if (layers.Count == 0 || strengths.Count == 0)
            throw new ArgumentException(
                $"a sweep needs at least one layer and one strength; got {layers.Count} and {strengths.Count}");
        var cells = new List<SweepCell<T>>(layers.Count * strengths.Count);
        foreach (int layer in layers)
            foreach (float strength in strengths)
            {
                var c = new SweepCell<T>(layer, strength, cell(layer, strength));
                cells.Add(c);
                onCell?.Invoke(c);
            }
        return new SweepGrid<T>(layers.ToArray(), strengths.ToArray(), cells);
    }
}
