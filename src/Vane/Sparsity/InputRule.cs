namespace Vane.Sparsity;

/// <summary>
/// How one projection input is masked: entry i is zeroed when score_i &lt; Threshold, where
/// score_i = |v_i| * Scale[i] (Scale absent: 1). v is the input itself, or act(gate) for a
/// CHESS down input (<see cref="OnGateActivation"/>). A threshold of 0 zeroes nothing.
/// </summary>
/// <param name="Threshold">Score below which an entry is zeroed; finite and not negative.</param>
/// <param name="Scale">Per-channel factor [width] (WINA column norms, CHESS E|up_j|), or null.</param>
/// <param name="OnGateActivation">Score act(gate)_j instead of the input (CHESS MLP only).</param>
/// <param name="Sparsity">The target share of zeros this rule was derived for (0 to 1).</param>
/// <param name="Readers">The projections that read the masked input, or null for every reader
/// (<see cref="SparseInputs.Readers"/>); the others read it unchanged. CHESS masks the shared
/// attention input for q alone. Plans written before this field existed load as null.</param>
public sealed record InputRule(
    float Threshold,
    float[]? Scale,
    bool OnGateActivation,
    double Sparsity,
    IReadOnlyList<Projection>? Readers = null)
{
    /// <summary>A rule that keeps the input dense.</summary>
    public static readonly InputRule Dense = new(0, null, false, 0);

    /// <summary>Whether the rule can zero anything.</summary>
    public bool IsActive => Threshold > 0;
}
