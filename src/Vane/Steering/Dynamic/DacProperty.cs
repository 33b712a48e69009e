namespace Vane.Steering;

/// <summary>
/// One property steered by Dynamic Activation Composition (docs/methods.md section 5): a
/// vector added (plain <see cref="SteeringMode.Add"/>) at hook_resid_post of its blocks, at a
/// per-token strength between 0 and <see cref="MaxStrength"/>.
/// </summary>
/// <param name="Vector">The direction per block; strength 1 adds it once.</param>
public sealed record DacProperty(SteeringVector Vector)
{
    /// <summary>Blocks steered; null means every block the vector has.</summary>
    public LayerSelection? Layers { get; init; }

    /// <summary>
    /// a_max: the strength of the probe run, and the cap on the per-token strength a_t
    /// (finite, above 0; 2 by default, as in the DAC paper).
    /// </summary>
    public float MaxStrength { get; init; } = 2f;

    /// <summary>A label for reports (e.g. the vector's file name).</summary>
    public string Name { get; init; } = "property";
}
