using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Vane.Tensors;
using Convert = Vane.Tensors.Convert;

namespace Vane.Kernels;

/// <summary>
/// The decode-time linear layer, one token: y[r] = W[r, :] . x + bias[r]. Memory-bound, so
/// it reads four weight rows side by side (four streams, x loaded once per step) and converts
/// F16/BF16 in registers.
/// </summary>
internal static unsafe class MatVec
{
    /// <summary>Computes rows [rowStart, rowEnd) of y.</summary>
    /// <param name="x">Input [k].</param>
    /// <param name="w">Weights [rows, k] in format <typeparamref name="TF"/>.</param>
    /// <param name="k">Columns of w.</param>
    /// <param name="bias">Bias [rows], or null.</param>
    /// <param name="y">Output [rows].</param>
    /// <param name="rowStart">First row computed.</param>
    /// <param name="rowEnd">One past the last row computed.</param>
    public static void Run<TF>(float* x, byte* w, int k, float* bias, float* y, int rowStart, int rowEnd)
        where TF : struct, IRowFormat
    {
        nint rowBytes = (nint)k * TF.Size;
        int r = rowStart;
        if (Vector512.IsHardwareAccelerated && k >= Vector512<float>.Count)
        {
            for (; r + 4 <= rowEnd; r += 4)
                Rows4x512<TF>(x, w + r * rowBytes, rowBytes, k, y + r);
        }
        else if (Vector256.IsHardwareAccelerated && k >= Vector256<float>.Count)
        {
            for (; r + 4 <= rowEnd; r += 4)
                Rows4x256<TF>(x, w + r * rowBytes, rowBytes, k, y + r);
        }
        for (; r < rowEnd; r++)
            y[r] = Row1<TF>(x, w + r * rowBytes, k);

        if (bias != null)
        {
            for (r = rowStart; r < rowEnd; r++)
                y[r] += bias[r];
        }
    }

    /// <summary>y[0..4) = four consecutive rows starting at <paramref name="w"/> dotted with x.</summary>
    static void Rows4x512<TF>(float* x, byte* w, nint rowBytes, int k, float* y)
        where TF : struct, IRowFormat
    {
        byte* w0 = w, w1 = w + rowBytes, w2 = w + 2 * rowBytes, w3 = w + 3 * rowBytes;
        var a0 = Vector512<float>.Zero;
        var a1 = Vector512<float>.Zero;
        var a2 = Vector512<float>.Zero;
        var a3 = Vector512<float>.Zero;
        var b0 = Vector512<float>.Zero;
        var b1 = Vector512<float>.Zero;
        var b2 = Vector512<float>.Zero;
        var b3 = Vector512<float>.Zero;
        nint i = 0;

        // Two independent accumulators per row hide the FMA latency.
        for (; i <= k - 32; i += 32)
        {
            var xa = Vector512.Load(x + i);
            var xb = Vector512.Load(x + i + 16);
            a0 = Vector512.FusedMultiplyAdd(TF.Load512(w0, i), xa, a0);
            a1 = Vector512.FusedMultiplyAdd(TF.Load512(w1, i), xa, a1);
            a2 = Vector512.FusedMultiplyAdd(TF.Load512(w2, i), xa, a2);
            a3 = Vector512.FusedMultiplyAdd(TF.Load512(w3, i), xa, a3);
            b0 = Vector512.FusedMultiplyAdd(TF.Load512(w0, i + 16), xb, b0);
            b1 = Vector512.FusedMultiplyAdd(TF.Load512(w1, i + 16), xb, b1);
            b2 = Vector512.FusedMultiplyAdd(TF.Load512(w2, i + 16), xb, b2);
            b3 = Vector512.FusedMultiplyAdd(TF.Load512(w3, i + 16), xb, b3);
        }
        for (; i <= k - 16; i += 16)
        {
            var xa = Vector512.Load(x + i);
            a0 = Vector512.FusedMultiplyAdd(TF.Load512(w0, i), xa, a0);
            a1 = Vector512.FusedMultiplyAdd(TF.Load512(w1, i), xa, a1);
            a2 = Vector512.FusedMultiplyAdd(TF.Load512(w2, i), xa, a2);
            a3 = Vector512.FusedMultiplyAdd(TF.Load512(w3, i), xa, a3);
        }

        float s0 = Vector512.Sum(a0 + b0), s1 = Vector512.Sum(a1 + b1);
        float s2 = Vector512.Sum(a2 + b2), s3 = Vector512.Sum(a3 + b3);
        for (; i < k; i++)
        {
            float xi = x[i];
            s0 += TF.Load1(w0, i) * xi;
            s1 += TF.Load1(w1, i) * xi;
            s2 += TF.Load1(w2, i) * xi;
            s3 += TF.Load1(w3, i) * xi;
        }
        y[0] = s0;
        y[1] = s1;
        y[2] = s2;
        y[3] = s3;
    }

    /// <summary>The 256-bit version of <see cref="Rows4x512"/>.</summary>
    static void Rows4x256<TF>(float* x, byte* w, nint rowBytes, int k, float* y)
        where TF : struct, IRowFormat
    {
        byte* w0 = w, w1 = w + rowBytes, w2 = w + 2 * rowBytes, w3 = w + 3 * rowBytes;
        var a0 = Vector256<float>.Zero;
        var a1 = Vector256<float>.Zero;
        var a2 = Vector256<float>.Zero;
        var a3 = Vector256<float>.Zero;
        var b0 = Vector256<float>.Zero;
        var b1 = Vector256<float>.Zero;
        var b2 = Vector256<float>.Zero;
        var b3 = Vector256<float>.Zero;
        nint i = 0;
        for (; i <= k - 16; i += 16)
        {
            var xa = Vector256.Load(x + i);
            var xb = Vector256.Load(x + i + 8);
            a0 = Vector256.FusedMultiplyAdd(TF.Load256(w0, i), xa, a0);
            a1 = Vector256.FusedMultiplyAdd(TF.Load256(w1, i), xa, a1);
            a2 = Vector256.FusedMultiplyAdd(TF.Load256(w2, i), xa, a2);
            a3 = Vector256.FusedMultiplyAdd(TF.Load256(w3, i), xa, a3);
            b0 = Vector256.FusedMultiplyAdd(TF.Load256(w0, i + 8), xb, b0);
            b1 = Vector256.FusedMultiplyAdd(TF.Load256(w1, i + 8), xb, b1);
            b2 = Vector256.FusedMultiplyAdd(TF.Load256(w2, i + 8), xb, b2);
            b3 = Vector256.FusedMultiplyAdd(TF.Load256(w3, i + 8), xb, b3);
        }
        for (; i <= k - 8; i += 8)
        {
            var xa = Vector256.Load(x + i);
            a0 = Vector256.FusedMultiplyAdd(TF.Load256(w0, i), xa, a0);
            a1 = Vector256.FusedMultiplyAdd(TF.Load256(w1, i), xa, a1);
            a2 = Vector256.FusedMultiplyAdd(TF.Load256(w2, i), xa, a2);
            a3 = Vector256.FusedMultiplyAdd(TF.Load256(w3, i), xa, a3);
        }

        float s0 = Vector256.Sum(a0 + b0), s1 = Vector256.Sum(a1 + b1);
        float s2 = Vector256.Sum(a2 + b2), s3 = Vector256.Sum(a3 + b3);
        for (; i < k; i++)
        {
            float xi = x[i];
            s0 += TF.Load1(w0, i) * xi;
            s1 += TF.Load1(w1, i) * xi;
            s2 += TF.Load1(w2, i) * xi;
            s3 += TF.Load1(w3, i) * xi;
        }
        y[0] = s0;
        y[1] = s1;
        y[2] = s2;
        y[3] = s3;
    }

    /// <summary>One row dotted with x; for leftover rows and machines without 256-bit vectors.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    static float Row1<TF>(float* x, byte* row, int k) where TF : struct, IRowFormat
    {
        if (typeof(TF) == typeof(F32Format))
            return TensorPrimitives.Dot(new ReadOnlySpan<float>(row, k), new ReadOnlySpan<float>(x, k));

        nint i = 0;
        float sum = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var acc = Vector512<float>.Zero;
            for (; i <= k - 16; i += 16)
                acc = Vector512.FusedMultiplyAdd(TF.Load512(row, i), Vector512.Load(x + i), acc);
            sum = Vector512.Sum(acc);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var acc = Vector256<float>.Zero;
            for (; i <= k - 8; i += 8)
                acc = Vector256.FusedMultiplyAdd(TF.Load256(row, i), Vector256.Load(x + i), acc);
            sum = Vector256.Sum(acc);
        }
        else
        {
            // No wide vectors (e.g. Arm): widen chunks on the stack, let TensorPrimitives dot them.
            const int Chunk = 256;
            Span<float> buffer = stackalloc float[Chunk];
            for (; i < k; i += Chunk)
            {
                int len = (int)Math.Min(Chunk, k - i);
                var part = buffer[..len];
                Convert.ToSingle(TF.DType, new ReadOnlySpan<byte>(row + i * TF.Size, len * TF.Size), part);
                sum += TensorPrimitives.Dot(part, new ReadOnlySpan<float>(x + i, len));
            }
        }
        for (; i < k; i++)
            sum += TF.Load1(row, i) * x[i];
        return sum;
    }
}
