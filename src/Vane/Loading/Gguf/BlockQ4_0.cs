using System.Buffers.Binary;

namespace Vane.Loading.Gguf;

/// <summary>
/// Q4_0 block [18 bytes] = fp16 d, then 16 bytes of 4-bit codes. Byte j holds value j in its
/// low nibble and value j + 16 in its high nibble; value = (q - 8) * d.
/// </summary>
internal static class BlockQ4_0
{
    const int Half = 16;

    /// <summary>Decodes one block [18 bytes] into 32 values.</summary>
    public static void Decode(ReadOnlySpan<byte> block, Span<float> values)
    {
        float d = (float)BinaryPrimitives.ReadHalfLittleEndian(block);
        for (int j = 0; j < Half; j++)
        {
            byte q = block[2 + j];
            values[j] = ((q & 0xF) - 8) * d;
            values[j + Half] = ((q >> 4) - 8) * d;
        }
    }

    /// <summary>
    /// Encodes 32 values: d = m / -8 where m is the value of largest magnitude (so m maps
    /// exactly to code 0), q = clamp(floor(x / d + 8.5), 0, 15).
    /// </summary>
    public static void Encode(ReadOnlySpan<float> values, Span<byte> block)
    {
        float amax = 0, max = 0;
        for (int i = 0; i < 2 * Half; i++)
        {
            if (MathF.Abs(values[i]) > amax)
            {
                amax = MathF.Abs(values[i]);
                max = values[i];
            }
        }
        float d = max / -8;
        float id = d != 0 ? 1 / d : 0;
        BinaryPrimitives.WriteHalfLittleEndian(block, (System.Half)d);
        for (int j = 0; j < Half; j++)
        {
            int lo = Code(values[j] * id), hi = Code(values[j + Half] * id);
            block[2 + j] = (byte)(lo | (hi << 4));
        }
    }

    static int Code(float scaled) => (int)Math.Clamp(MathF.Floor(scaled + 8.5f), 0, 15);
}
