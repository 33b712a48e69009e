using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Vane.Kernels;

/// <summary>Element-wise activation functions of MLP blocks.</summary>
public static class Activations
{
    const float SqrtTwoOverPi = 0.7978845608028654f;
    const float GeluCubic = 0.044715f;

    /// <summary>SwiGLU: y = silu(gate) * up, where silu(g) = g * sigmoid(g).</summary>
    /// <param name="gate">Gate projections [n].</param>
    /// <param name="up">Up projections [n].</param>
    /// <param name="y">Outputs [n]; may be the same memory as gate or up (not partly overlapping).</param>
    /// <exception cref="ArgumentException">gate and up differ in length, or y is shorter.</exception>
    public static void SwiGlu(ReadOnlySpan<float> gate, ReadOnlySpan<float> up, Span<float> y)
    {
        if (gate.Length != up.Length || y.Length < gate.Length)
            throw new ArgumentException($"lengths gate={gate.Length} up={up.Length} y={y.Length}");
        int n = gate.Length, i = 0;
        ref float g = ref MemoryMarshal.GetReference(gate);
        ref float u = ref MemoryMarshal.GetReference(up);
        ref float d = ref MemoryMarshal.GetReference(y);
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= n - 16; i += 16)
            {
                var v = Vector512.LoadUnsafe(ref g, (nuint)i);
                var silu = v / (Vector512<float>.One + Vector512.Exp(-v));
                (silu * Vector512.LoadUnsafe(ref u, (nuint)i)).StoreUnsafe(ref d, (nuint)i);
            }
        }
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= n - 8; i += 8)
            {
                var v = Vector256.LoadUnsafe(ref g, (nuint)i);
                var silu = v / (Vector256<float>.One + Vector256.Exp(-v));
                (silu * Vector256.LoadUnsafe(ref u, (nuint)i)).StoreUnsafe(ref d, (nuint)i);
            }
        }
        if (Vector128.IsHardwareAccelerated)
        {
            for (; i <= n - 4; i += 4)
            {
                var v = Vector128.LoadUnsafe(ref g, (nuint)i);
                var silu = v / (Vector128<float>.One + Vector128.Exp(-v));
                (silu * Vector128.LoadUnsafe(ref u, (nuint)i)).StoreUnsafe(ref d, (nuint)i);
            }
        }
        for (; i < n; i++)
            y[i] = SwiGlu(gate[i], up[i]);
    }

    /// <summary>One element of <see cref="SwiGlu(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/>.</summary>
    static float SwiGlu(float gate, float up) => gate / (1f + MathF.Exp(-gate)) * up;

    /// <summary>
    /// GELU, tanh approximation (GPT-2's "gelu_new"):
    /// y = 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))).
    /// </summary>
    /// <remarks>
    /// Computed as x * sigmoid(2u) with u = sqrt(2/pi) (x + 0.044715 x^3), which is the same function
    /// (0.5 (1 + tanh u) = 1 / (1 + e^(-2u))) and avoids cancelling 1 + tanh u for negative x.
    /// </remarks>
    /// <param name="x">Inputs [n].</param>
    /// <param name="y">Outputs [n]; may be the same memory as x (not partly overlapping).</param>
    /// <exception cref="ArgumentException">y is shorter than x.</exception>
    public static void GeluTanh(ReadOnlySpan<float> x, Span<float> y)
    {
        if (y.Length < x.Length)
            throw new ArgumentException($"lengths x={x.Length} y={y.Length}");
        int n = x.Length, i = 0;
        ref float s = ref MemoryMarshal.GetReference(x);
        ref float d = ref MemoryMarshal.GetReference(y);
        if (Vector512.IsHardwareAccelerated)
        {
            var minusTwoC = Vector512.Create(-2f * SqrtTwoOverPi);
            var cubic = Vector512.Create(GeluCubic);
            for (; i <= n - 16; i += 16)
            {
                var v = Vector512.LoadUnsafe(ref s, (nuint)i);
                var inner = Vector512.FusedMultiplyAdd(cubic * v * v, v, v);
                (v / (Vector512<float>.One + Vector512.Exp(minusTwoC * inner))).StoreUnsafe(ref d, (nuint)i);
            }
        }
        if (Vector256.IsHardwareAccelerated)
        {
            var minusTwoC = Vector256.Create(-2f * SqrtTwoOverPi);
            var cubic = Vector256.Create(GeluCubic);
            for (; i <= n - 8; i += 8)
            {
                var v = Vector256.LoadUnsafe(ref s, (nuint)i);
                var inner = Vector256.FusedMultiplyAdd(cubic * v * v, v, v);
                (v / (Vector256<float>.One + Vector256.Exp(minusTwoC * inner))).StoreUnsafe(ref d, (nuint)i);
            }
        }
        if (Vector128.IsHardwareAccelerated)
        {
            var minusTwoC = Vector128.Create(-2f * SqrtTwoOverPi);
            var cubic = Vector128.Create(GeluCubic);
            for (; i <= n - 4; i += 4)
            {
                var v = Vector128.LoadUnsafe(ref s, (nuint)i);
                var inner = Vector128.FusedMultiplyAdd(cubic * v * v, v, v);
                (v / (Vector128<float>.One + Vector128.Exp(minusTwoC * inner))).StoreUnsafe(ref d, (nuint)i);
            }
        }
        for (; i < n; i++)
            y[i] = GeluTanh(x[i]);
    }

    /// <summary>One element of <see cref="GeluTanh(ReadOnlySpan{float}, Span{float})"/>.</summary>
    static float GeluTanh(float v)
    {
        float inner = MathF.FusedMultiplyAdd(GeluCubic * v * v, v, v);
        return v / (1f + MathF.Exp(-2f * SqrtTwoOverPi * inner));
    }

    /// <summary>Softmax of <paramref name="x"/> in place, stable for large values.</summary>
    /// <remarks>TensorPrimitives.SoftMax alone overflows above about 88, so the maximum is
    /// subtracted first; the result is the same function.</remarks>
    /// <param name="x">Scores [n], replaced by probabilities summing to 1; may be empty.</param>
    public static void SoftmaxInPlace(Span<float> x)
    {
        if (x.IsEmpty)
            return;
        TensorPrimitives.Subtract(x, TensorPrimitives.Max(x), x);
        TensorPrimitives.SoftMax(x, x);
    }
}
