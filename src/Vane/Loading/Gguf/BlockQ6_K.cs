using System.Buffers.Binary;

namespace Vane.Loading.Gguf;

/// <summary>
/// Q6_K super-block [210 bytes] of 256 values = ql [128] low nibbles, qh [64] high 2-bit pairs,
/// 16 int8 scales (one per 16 values), fp16 d; value = d * scale[i / 16] * (q - 32), q in 0..63.
/// Each half of 128 values uses 64 ql bytes and 32 qh bytes: for l in 0..31, values l, l+32,
/// l+64, l+96 take ql[l] low, ql[l+32] low, ql[l] high, ql[l+32] high and qh[l] bits 0-1, 2-3, 4-5, 6-7.
/// </summary>
internal static class BlockQ6_K
{
    const int N = 256;
    const int QhAt = 128, ScalesAt = 192, DAt = 208;

    /// <summary>Decodes one super-block [210 bytes] into 256 values.</summary>
    public static void Decode(ReadOnlySpan<byte> block, Span<float> values)
    {
        float d = (float)BinaryPrimitives.ReadHalfLittleEndian(block[DAt..]);
        for (int i = 0; i < N; i++)
            values[i] = d * (sbyte)block[ScalesAt + i / 16] * (Code(block, i) - 32);
    }

    /// <summary>The 6-bit code (0..63) of value <paramref name="i"/>.</summary>
    static int Code(ReadOnlySpan<byte> block, int i)
    {
        int half = i / 128, k = i % 128 / 32, l = i % 32;
        byte ql = block[half * 64 + l + (k % 2) * 32];
        int low = k < 2 ? ql & 0xF : ql >> 4;
        int high = (block[QhAt + half * 32 + l] >> (2 * k)) & 3;
        return low | (high << 4);
    }

    /// <summary>
    /// Encodes 256 values: each 16-value group gets scale max|x| / 31, stored as an int8
    /// multiple of d = max scale / 127; codes are round(x / (d * scale)) + 32 in 0..63.
    /// </summary>
    public static void Encode(ReadOnlySpan<float> values, Span<byte> block)
    {
        Span<float> groupScale = stackalloc float[16];
        float top = 0;
        for (int g = 0; g < 16; g++)
        {
            float amax = 0;
            foreach (float v in values.Slice(g * 16, 16))
                amax = MathF.Max(amax, MathF.Abs(v));
            groupScale[g] = amax / 31;
            top = MathF.Max(top, groupScale[g]);
        }
        float d = (float)(Half)(top / 127);
        BinaryPrimitives.WriteHalfLittleEndian(block[DAt..], (Half)d);
        block[..ScalesAt].Clear();
        for (int g = 0; g < 16; g++)
        {
            int sc = d == 0 ? 0 : (int)Math.Clamp(MathF.Ceiling(groupScale[g] / d), -128, 127);
            block[ScalesAt + g] = (byte)(sbyte)sc;
        }
        for (int i = 0; i < N; i++)
        {
            float s = d * (sbyte)block[ScalesAt + i / 16];
            int q = s == 0 ? 32 : (int)Math.Clamp(MathF.Round(values[i] / s) + 32, 0, 63);
            SetCode(block, i, q);
        }
    }

    static void SetCode(Span<byte> block, int i, int q)
    {
        int half = i / 128, k = i % 128 / 32, l = i % 32;
        int at = half * 64 + l + (k % 2) * 32;
        block[at] |= (byte)(k < 2 ? q & 0xF : (q & 0xF) << 4);
        block[QhAt + half * 32 + l] |= (byte)((q >> 4) << (2 * k));
    }
}
