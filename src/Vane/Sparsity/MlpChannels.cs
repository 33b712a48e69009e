using Vane.Kernels;
using Vane.Model;

namespace Vane.Sparsity;

/// <summary>The MLP's inner channels recomputed from its input, for CHESS.</summary>
internal static class MlpChannels
{
    /// <summary>
    /// act(gate) [rows, DMlp] from the MLP input <paramref name="h"/> [rows, DModel]; for models
    /// without a gate, act(up) (the whole MLP activation).
    /// </summary>
    public static void Activation(LayerWeights w, ReadOnlySpan<float> h, Span<float> act, int rows)
    {
        if (w.Gate is null)
        {
            MatMul.Multiply(h, w.Up, w.UpBias, act, rows);
            Activations.GeluTanh(act, act);
            return;
        }
        MatMul.Multiply(h, w.Gate, ReadOnlySpan<float>.Empty, act, rows);
        foreach (ref float g in act[..(rows * w.Gate.Rows)])
            g /= 1 + MathF.Exp(-g); // silu
    }

    /// <summary>up [rows, DMlp] from the MLP input <paramref name="h"/> [rows, DModel].</summary>
    public static void Up(LayerWeights w, ReadOnlySpan<float> h, Span<float> up, int rows) =>
        MatMul.Multiply(h, w.Up, w.UpBias, up, rows);
}
