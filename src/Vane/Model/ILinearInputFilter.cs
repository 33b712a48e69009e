using Vane.Tensors;

namespace Vane.Model;

/// <summary>
/// Rewrites the input of chosen linear layers, in passes of any number of rows, in a private copy
/// that only the chosen layer reads. A hook cannot do this: q, k and v read one activation
/// (hook_attn_in), so an edit there reaches all three, and a method that masks only q's input
/// (CHESS) needs k and v to read it unchanged. Register one on a
/// <see cref="Hooks.HookSet"/> (<see cref="Hooks.HookSet.AddInputFilter"/>).
/// </summary>
public interface ILinearInputFilter
{
    /// <summary>Whether the input of <paramref name="w"/> goes through <see cref="Filter"/>.</summary>
    bool Filters(WeightMatrix w);

    /// <summary>
    /// Reads or rewrites, in place, <paramref name="x"/> [batch.Count, w.Cols]: the input of
    /// <paramref name="w"/> after the hooks at its site, copied for <paramref name="w"/> alone.
    /// </summary>
    void Filter(WeightMatrix w, Span<float> x, TokenBatch batch);
}
