namespace Vane.Sparsity;

/// <summary>
/// Thresholds for every projection input of every block, from one method at one target
/// sparsity; what hooks (for quality) and sparse kernels (for speed) apply.
/// </summary>
public sealed class SparsityPlan
{
    /// <summary>The model the plan was calibrated for.</summary>
    public required ModelSignature Model { get; init; }

    /// <summary>The method that derived the thresholds.</summary>
    public required SparsityMethod Method { get; init; }

    /// <summary>Target sparsity, 0 to 0.95: share of input entries (TEAL, WINA) to zero.</summary>
    public required double Target { get; init; }

    /// <summary>
    /// Prefill policy: rows at positions below this stay dense (TEAL keeps early prompt tokens
    /// dense); 0 sparsifies every token.
    /// </summary>
    public int DenseTokens { get; init; }

    /// <summary>
    /// Rounds of <see cref="PlanRefiner"/> the thresholds went through: 0 when they come from the
    /// dense calibration alone (and in plan files written before refinement existed).
    /// </summary>
    public int RefineRounds { get; init; }

    /// <summary>Rules per block and input [NLayers][4], indexed by <see cref="SparseInput"/>.</summary>
    public required IReadOnlyList<InputRule[]> Layers { get; init; }

    /// <summary>The rule of <paramref name="input"/> in block <paramref name="layer"/>.</summary>
    public InputRule Rule(int layer, SparseInput input) => Layers[layer][(int)input];
}
