using System.Buffers.Binary;

namespace Vane.Loading.Gguf;

/// <summary>
/// Q4_K super-block [144 bytes] of 256 values = fp16 d, fp16 dmin, 12 bytes packing eight
/// 6-bit scales and eight 6-bit mins, then 128 bytes of nibbles. Sub-block j (32 values) decodes
/// as d * scale[j] * q - dmin * min[j]; each 64 values share 32 bytes, low nibbles first.
/// </summary>
internal static class BlockQ4_K
{
    const int N = 256, Sub = 32, NSub = 8;
    const int ScalesAt = 4, CodesAt = 16;

    /// <summary>Decodes one super-block [144 bytes] into 256 values.</summary>
    public static void Decode(ReadOnlySpan<byte> block, Span<float> values)
    {
        float d = (float)BinaryPrimitives.ReadHalfLittleEndian(block);
        float dmin = (float)BinaryPrimitives.ReadHalfLittleEndian(block[2..]);
        var scales = block.Slice(ScalesAt, 12);
        var codes = block.Slice(CodesAt, 128);
        for (int j = 0; j < NSub; j++)
        {
            (int sc, int m) = ScaleMin(j, scales);
            float step = d * sc, offset = dmin * m;
            var q = codes.Slice(j / 2 * Sub, Sub);
            int shift = j % 2 * 4;
            for (int l = 0; l < Sub; l++)
                values[j * Sub + l] = step * ((q[l] >> shift) & 0xF) - offset;
        }
    }

    /// <summary>Unpacks the 6-bit scale and min of sub-block <paramref name="j"/> (0..7).</summary>
    public static (int Scale, int Min) ScaleMin(int j, ReadOnlySpan<byte> s) =>
        j < 4
            ? (s[j] & 63, s[j + 4] & 63)
            : ((s[j + 4] & 0xF) | ((s[j - 4] >> 6) << 4), (s[j + 4] >> 4) | ((s[j] >> 6) << 4));

    /// <summary>
    /// Encodes 256 values: each sub-block's range [min(0, lo), hi] is cut into 15 steps; steps
    /// and mins are stored as 6-bit multiples of d and dmin. Simpler than ggml's search, same format.
    /// </summary>
    public static void Encode(ReadOnlySpan<float> values, Span<byte> block)
    {
        Span<float> step = stackalloc float[NSub], lift = stackalloc float[NSub];
        for (int j = 0; j < NSub; j++)
        {
            var x = values.Slice(j * Sub, Sub);
            float lo = 0, hi = 0;
            foreach (float v in x)
            {
                lo = MathF.Min(lo, v);
                hi = MathF.Max(hi, v);
            }
            step[j] = (hi - lo) / 15;
            lift[j] = -lo;
        }
        float d = (float)(Half)(Max(step) / 63), dmin = (float)(Half)(Max(lift) / 63);
        BinaryPrimitives.WriteHalfLittleEndian(block, (Half)d);
        BinaryPrimitives.WriteHalfLittleEndian(block[2..], (Half)dmin);

        Span<int> sc = stackalloc int[NSub], m = stackalloc int[NSub];
        for (int j = 0; j < NSub; j++)
        {
            sc[j] = d == 0 ? 0 : (int)Math.Clamp(MathF.Ceiling(step[j] / d), 0, 63);
            m[j] = dmin == 0 ? 0 : (int)Math.Clamp(MathF.Round(lift[j] / dmin), 0, 63);
        }
        PackScales(sc, m, block.Slice(ScalesAt, 12));

        var codes = block.Slice(CodesAt, 128);
        codes.Clear();
        for (int j = 0; j < NSub; j++)
        {
            float s = d * sc[j], offset = dmin * m[j];
            float inv = s != 0 ? 1 / s : 0;
            int shift = j % 2 * 4;
            for (int l = 0; l < Sub; l++)
            {
                int q = (int)Math.Clamp(MathF.Round((values[j * Sub + l] + offset) * inv), 0, 15);
                codes[j / 2 * Sub + l] |= (byte)(q << shift);
            }
        }
    }

    static void PackScales(ReadOnlySpan<int> sc, ReadOnlySpan<int> m, Span<byte> s)
    {
        for (int j = 0; j < 4; j++)
        {
            s[j] = (byte)((sc[j] & 63) | ((sc[j + 4] >> 4) << 6));
            s[j + 4] = (byte)((m[j] & 63) | ((m[j + 4] >> 4) << 6));
            s[j + 8] = (byte)((sc[j + 4] & 0xF) | ((m[j + 4] & 0xF) << 4));
        }
    }

    static float Max(ReadOnlySpan<float> x)
    {
        float best = 0;
        foreach (float v in x)
            best = MathF.Max(best, v);
        return best;
    }
}
