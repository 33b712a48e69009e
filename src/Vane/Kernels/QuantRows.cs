using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Vane.Loading.Gguf;
using Vane.Tensors;

namespace Vane.Kernels;

/// <summary>
/// Dequantises a stretch of one quantised weight row into F32, block by block; the prefill
/// kernel widens each tile of rows through this once and reuses it across the token block.
/// Q8_0 and Q4_K use 512-bit loops; other block types and machines without AVX-512 take
/// the scalar block decoders of <see cref="GgufQuant"/>.
/// </summary>
internal static unsafe class QuantRows
{
    /// <summary>Q8_0 block: fp16 d, then 32 int8 codes.</summary>
    public const int Q8Bytes = 34;

    /// <summary>Q4_K super-block: fp16 d, fp16 dmin, 12 bytes of scales, 128 bytes of nibbles.</summary>
    public const int Q4KBytes = 144;

    /// <summary>Decodes <paramref name="count"/> values (whole blocks) from <paramref name="src"/>.</summary>
    /// <param name="dtype">A block type.</param>
    /// <param name="src">Blocks [dtype.RowBytes(count)].</param>
    /// <param name="count">Values; a multiple of the block size.</param>
    /// <param name="dst">Values [count].</param>
    public static void Dequantize(DType dtype, byte* src, int count, float* dst)
    {
        if (Avx512F.IsSupported && dtype == DType.Q8_0)
            Q8_0x512(src, count, dst);
        else if (Avx512F.IsSupported && dtype == DType.Q4_K)
            Q4_Kx512(src, count, dst);
        else
            Scalar(dtype, src, count, dst);
    }

    /// <summary>The reference path: ggml's block layouts decoded one value at a time.</summary>
    public static void Scalar(DType dtype, byte* src, int count, float* dst) =>
        GgufQuant.Dequantize(
            dtype.ToGgml(),
            new ReadOnlySpan<byte>(src, (int)dtype.RowBytes(count)),
            new Span<float>(dst, count));

    static void Q8_0x512(byte* src, int count, float* dst)
    {
        for (int b = 0; b < count / 32; b++)
        {
            byte* block = src + b * Q8Bytes;
            var d = Vector512.Create(Half16(block));
            Vector512.Store(Q8Codes(block + 2) * d, dst + b * 32);
            Vector512.Store(Q8Codes(block + 18) * d, dst + b * 32 + 16);
        }
    }

    static void Q4_Kx512(byte* src, int count, float* dst)
    {
        for (int b = 0; b < count / 256; b++)
        {
            byte* block = src + b * Q4KBytes;
            float d = Half16(block), dmin = Half16(block + 2);
            float* out256 = dst + b * 256;
            for (int pair = 0; pair < 4; pair++)
            {
                // Sub-blocks 2p (low nibbles) and 2p + 1 (high nibbles) share 32 code bytes.
                Q4KScaleMin(block + 4, 2 * pair, out int sc0, out int m0);
                Q4KScaleMin(block + 4, 2 * pair + 1, out int sc1, out int m1);
                byte* q = block + 16 + pair * 32;
                var step0 = Vector512.Create(d * sc0);
                var step1 = Vector512.Create(d * sc1);
                var lift0 = Vector512.Create(dmin * m0);
                var lift1 = Vector512.Create(dmin * m1);
                float* o = out256 + pair * 64;
                for (int h = 0; h < 2; h++)
                {
                    var codes = Avx512F.ConvertToVector512Int32(Vector128.Load(q + h * 16));
                    var low = Vector512.ConvertToSingle(codes & Vector512.Create(0xF));
                    var high = Vector512.ConvertToSingle(Vector512.ShiftRightLogical(codes, 4));
                    Vector512.Store(Vector512.FusedMultiplyAdd(low, step0, -lift0), o + h * 16);
                    Vector512.Store(Vector512.FusedMultiplyAdd(high, step1, -lift1), o + 32 + h * 16);
                }
            }
        }
    }

    /// <summary>The 16 int8 codes at <paramref name="p"/> as F32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Q8Codes(byte* p) =>
        Vector512.ConvertToSingle(Avx512F.ConvertToVector512Int32(Vector128.Load((sbyte*)p)));

    /// <summary>
    /// The little-endian binary16 at <paramref name="p"/> as F32, by moving exponent and mantissa
    /// into place and rescaling by 2^112 (exact for normals, subnormals and zero). Infinite and
    /// NaN scales, which no quantiser writes, come out as large finite values.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Half16(byte* p)
    {
        uint h = Unsafe.ReadUnaligned<ushort>(p);
        float magnitude = BitConverter.UInt32BitsToSingle((h & 0x7FFF) << 13) * 5.192296858534828e33f;
        return BitConverter.UInt32BitsToSingle(BitConverter.SingleToUInt32Bits(magnitude) | (h & 0x8000) << 16);
    }

    /// <summary>
    /// The 6-bit scale and min of Q4_K sub-block <paramref name="j"/> (0..7) from the 12 packed
    /// bytes at <paramref name="s"/>: sub-blocks 0-3 use the low 6 bits of bytes j and j + 4;
    /// 4-7 take their low 4 bits from byte j + 4 and their top 2 from bytes j - 4 and j.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Q4KScaleMin(byte* s, int j, out int scale, out int min)
    {
        if (j < 4)
        {
            scale = s[j] & 63;
            min = s[j + 4] & 63;
        }
        else
        {
            scale = (s[j + 4] & 0xF) | ((s[j - 4] >> 6) << 4);
            min = (s[j + 4] >> 4) | ((s[j] >> 6) << 4);
        }
    }
}
