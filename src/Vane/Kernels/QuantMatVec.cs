using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Vane.Tensors;

namespace Vane.Kernels;

/// <summary>
/// The decode-time linear layer over quantised weights, one token: y[r] = W[r, :] . x + bias[r],
/// computed straight from the stored blocks. Each block's codes are widened to F32 in registers,
/// dotted with x by FMA, and the block's partial sum scaled once by its fp16 scale; x stays F32,
/// so the only rounding beyond the weights' own is F32 accumulation.
/// </summary>
/// <remarks>
/// Q4_K's per-sub-block offsets (dmin * min * sum of x over the 32 values) use sums of x over
/// each 32-value group, computed once per call by <see cref="GroupSums"/>.
/// Q4_0, Q6_K, and every type on machines without AVX-512, dequantise 256 values at a time onto
/// the stack and dot them with TensorPrimitives.
/// </remarks>
internal static unsafe class QuantMatVec
{
    /// <summary>Computes rows [rowStart, rowEnd) of y.</summary>
    /// <param name="dtype">A block type.</param>
    /// <param name="x">Input [k].</param>
    /// <param name="xSums">Sums of x over each 32 values [k / 32]; read for Q4_K only.</param>
    /// <param name="w">Weights [rows, dtype.RowBytes(k)].</param>
    /// <param name="k">Columns of w; a multiple of the block size.</param>
    /// <param name="bias">Bias [rows], or null.</param>
    /// <param name="y">Output [rows].</param>
    /// <param name="rowStart">First row computed.</param>
    /// <param name="rowEnd">One past the last row computed.</param>
    public static void Run(
        DType dtype,
        float* x,
        float* xSums,
        byte* w,
        int k,
        float* bias,
        float* y,
        int rowStart,
        int rowEnd)
    {
        nint rowBytes = (nint)dtype.RowBytes(k);
        if (Avx512F.IsSupported && dtype == DType.Q8_0)
        {
            for (int r = rowStart; r < rowEnd; r++)
                y[r] = DotQ8_0(x, w + r * rowBytes, k);
        }
        else if (Avx512F.IsSupported && dtype == DType.Q4_K)
        {
            for (int r = rowStart; r < rowEnd; r++)
                y[r] = DotQ4_K(x, xSums, w + r * rowBytes, k);
        }
        else
        {
            for (int r = rowStart; r < rowEnd; r++)
                y[r] = DotScalar(dtype, x, w + r * rowBytes, k);
        }

        if (bias != null)
        {
            for (int r = rowStart; r < rowEnd; r++)
                y[r] += bias[r];
        }
    }

    /// <summary>sums[g] = x[32 g] + ... + x[32 g + 31] for g in [0, k / 32).</summary>
    public static void GroupSums(ReadOnlySpan<float> x, Span<float> sums)
    {
        for (int g = 0; g < x.Length / 32; g++)
            sums[g] = TensorPrimitives.Sum(x.Slice(g * 32, 32));
    }

    /// <summary>One Q8_0 row dotted with x; two blocks per step, each into its own accumulator.</summary>
    static float DotQ8_0(float* x, byte* row, int k)
    {
        const int B = QuantRows.Q8Bytes;
        int blocks = k / 32, b = 0;
        var acc0 = Vector512<float>.Zero;
        var acc1 = Vector512<float>.Zero;
        for (; b + 2 <= blocks; b += 2)
        {
            byte* p = row + b * B;
            float* xb = x + b * 32;
            var t0 = QuantRows.Q8Codes(p + 2) * Vector512.Load(xb);
            var t1 = QuantRows.Q8Codes(p + B + 2) * Vector512.Load(xb + 32);
            t0 = Vector512.FusedMultiplyAdd(QuantRows.Q8Codes(p + 18), Vector512.Load(xb + 16), t0);
            t1 = Vector512.FusedMultiplyAdd(QuantRows.Q8Codes(p + B + 18), Vector512.Load(xb + 48), t1);
            acc0 = Vector512.FusedMultiplyAdd(t0, Vector512.Create(QuantRows.Half16(p)), acc0);
            acc1 = Vector512.FusedMultiplyAdd(t1, Vector512.Create(QuantRows.Half16(p + B)), acc1);
        }
        if (b < blocks)
        {
            byte* p = row + b * B;
            float* xb = x + b * 32;
            var t = QuantRows.Q8Codes(p + 2) * Vector512.Load(xb);
            t = Vector512.FusedMultiplyAdd(QuantRows.Q8Codes(p + 18), Vector512.Load(xb + 16), t);
            acc0 = Vector512.FusedMultiplyAdd(t, Vector512.Create(QuantRows.Half16(p)), acc0);
        }
        return Vector512.Sum(acc0 + acc1);
    }

    /// <summary>
    /// One Q4_K row dotted with x: sum over sub-blocks j of d sc_j (q_j . x_j) - dmin m_j sum(x_j).
    /// The eight scales and mins of a super-block are unpacked together, without branches.
    /// </summary>
    static float DotQ4_K(float* x, float* xSums, byte* row, int k)
    {
        var acc0 = Vector512<float>.Zero;
        var acc1 = Vector512<float>.Zero;
        var offsets = Vector256<float>.Zero;
        var mask = Vector512.Create(0xF);
        float* steps = stackalloc float[8]; // d * scale_j
        for (int b = 0; b < k / 256; b++)
        {
            byte* block = row + b * QuantRows.Q4KBytes;
            var (scales, mins) = UnpackQ4K(block + 4);
            float d = QuantRows.Half16(block), dmin = QuantRows.Half16(block + 2);
            Vector256.Store(scales * Vector256.Create(d), steps);
            offsets = Vector256.FusedMultiplyAdd(
                mins * Vector256.Create(dmin), Vector256.Load(xSums + b * 8), offsets);

            float* xb = x + b * 256;
            for (int pair = 0; pair < 4; pair++)
            {
                // Sub-block 2p is the low nibbles of 32 bytes, 2p + 1 the high nibbles.
                byte* q = block + 16 + pair * 32;
                float* xp = xb + pair * 64;
                var c0 = Avx512F.ConvertToVector512Int32(Vector128.Load(q));
                var c1 = Avx512F.ConvertToVector512Int32(Vector128.Load(q + 16));
                var lo = Vector512.ConvertToSingle(c0 & mask) * Vector512.Load(xp);
                var hi = Vector512.ConvertToSingle(Vector512.ShiftRightLogical(c0, 4)) * Vector512.Load(xp + 32);
                lo = Vector512.FusedMultiplyAdd(Vector512.ConvertToSingle(c1 & mask), Vector512.Load(xp + 16), lo);
                hi = Vector512.FusedMultiplyAdd(
                    Vector512.ConvertToSingle(Vector512.ShiftRightLogical(c1, 4)), Vector512.Load(xp + 48), hi);
                acc0 = Vector512.FusedMultiplyAdd(lo, Vector512.Create(steps[2 * pair]), acc0);
                acc1 = Vector512.FusedMultiplyAdd(hi, Vector512.Create(steps[2 * pair + 1]), acc1);
            }
        }
        return Vector512.Sum(acc0 + acc1) - Vector256.Sum(offsets);
    }

    /// <summary>
    /// The eight 6-bit scales and mins of a Q4_K super-block from its 12 packed bytes, as the
    /// rule of <see cref="QuantRows.Q4KScaleMin"/> applied to four bytes at once per 32-bit word.
    /// </summary>
    static (Vector256<float> Scales, Vector256<float> Mins) UnpackQ4K(byte* s)
    {
        uint a = Unsafe.ReadUnaligned<uint>(s);
        uint b = Unsafe.ReadUnaligned<uint>(s + 4);
        uint c = Unsafe.ReadUnaligned<uint>(s + 8);
        uint scLow = a & 0x3F3F3F3F, minLow = b & 0x3F3F3F3F;
        uint scHigh = (c & 0x0F0F0F0F) | (((a >> 6) & 0x03030303) << 4);
        uint minHigh = ((c >> 4) & 0x0F0F0F0F) | (((b >> 6) & 0x03030303) << 4);
        var scales = Avx2.ConvertToVector256Int32(Vector128.Create(scLow, scHigh, 0, 0).AsByte());
        var mins = Avx2.ConvertToVector256Int32(Vector128.Create(minLow, minHigh, 0, 0).AsByte());
        return (Vector256.ConvertToSingle(scales), Vector256.ConvertToSingle(mins));
    }

    /// <summary>Dequantises 256 values at a time onto the stack and dots them with x.</summary>
    static float DotScalar(DType dtype, float* x, byte* row, int k)
    {
        const int Chunk = 256;
        float* values = stackalloc float[Chunk];
        int block = dtype.BlockSize();
        int blockBytes = dtype.BlockBytes();
        float sum = 0;
        for (int c = 0; c < k; c += Chunk)
        {
            int len = Math.Min(Chunk, k - c);
            QuantRows.Scalar(dtype, row + (nint)(c / block) * blockBytes, len, values);
            sum += TensorPrimitives.Dot(new ReadOnlySpan<float>(values, len), new ReadOnlySpan<float>(x + c, len));
        }
        return sum;
    }
}
