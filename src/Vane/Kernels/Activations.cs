using System.Numerics.Tensors;

namespace Vane.Kernels;

/// <summary>Element-wise activation functions of MLP blocks.</summary>
public static class Activations
{
    /// <summary>SwiGLU: y = silu(gate) * up, where silu(g) = g * sigmoid(g).</summary>
    /// <param name="gate">Gate projections [n].</param>
    /// <param name="up">Up projections [n].</param>
    /// <param name="y">Outputs [n]; may alias gate or up.</param>
    public static void SwiGlu(ReadOnlySpan<float> gate, ReadOnlySpan<float> up, Span<float> y)
    {
        if (gate.Length != up.Length || y.Length < gate.Length)
            throw new ArgumentException($"lengths gate={gate.Length} up={up.Length} y={y.Length}");
        for (int i = 0; i < gate.Length; i++)
        {
            float g = gate[i];
            y[i] = g / (1f + MathF.Exp(-g)) * up[i];
        }
    }

    /// <summary>
    /// GELU, tanh approximation (GPT-2's "gelu_new"):
    /// y = 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))).
    /// </summary>
    /// <param name="x">Inputs [n].</param>
    /// <param name="y">Outputs [n]; may alias x.</param>
    public static void GeluTanh(ReadOnlySpan<float> x, Span<float> y)
    {
        const float c = 0.7978845608028654f; // sqrt(2/pi)
        for (int i = 0; i < x.Length; i++)
        {
            float v = x[i];
            y[i] = 0.5f * v * (1f + MathF.Tanh(c * (v + 0.044715f * v * v * v)));
        }
    }

    /// <summary>Softmax of <paramref name="x"/> in place, stable for large values.</summary>
    public static void SoftmaxInPlace(Span<float> x)
    {
        if (x.IsEmpty)
            return;
        TensorPrimitives.SoftMax(x, x);
    }
}
