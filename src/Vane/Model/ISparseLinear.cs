using Vane.Tensors;

namespace Vane.Model;

/// <summary>
/// Replaces the dense batch-1 product of chosen weight matrices on the decode path
/// (activation sparsity: only the weights of active input channels are read).
/// </summary>
public interface ISparseLinear
{
    /// <summary>
    /// Computes y = w x + bias sparsely when <paramref name="w"/> is one of the replaced matrices
    /// and returns true; returns false (nothing written) for any other matrix.
    /// </summary>
    bool TryMultiply(WeightMatrix w, ReadOnlySpan<float> x, ReadOnlySpan<float> bias, Span<float> y);
}
