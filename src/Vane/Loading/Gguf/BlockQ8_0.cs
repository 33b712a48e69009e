using System.Buffers.Binary;

namespace Vane.Loading.Gguf;

/// <summary>Q8_0 block [34 bytes] = fp16 d, then 32 int8 codes; value i = q[i] * d.</summary>
internal static class BlockQ8_0
{
    const int N = 32;

    /// <summary>Decodes one block [34 bytes] into 32 values.</summary>
    public static void Decode(ReadOnlySpan<byte> block, Span<float> values)
    {
        float d = (float)BinaryPrimitives.ReadHalfLittleEndian(block);
        for (int i = 0; i < N; i++)
            values[i] = (sbyte)block[2 + i] * d;
    }

    /// <summary>Encodes 32 values: d = max|x| / 127, q = round(x / d) with halves away from zero, as ggml.</summary>
    public static void Encode(ReadOnlySpan<float> values, Span<byte> block)
    {
        float amax = 0;
        for (int i = 0; i < N; i++)
            amax = MathF.Max(amax, MathF.Abs(values[i]));
        float d = amax / 127;
        float id = d != 0 ? 1 / d : 0;
        BinaryPrimitives.WriteHalfLittleEndian(block, (Half)d);
        for (int i = 0; i < N; i++)
        {
            float q = MathF.Round(values[i] * id, MidpointRounding.AwayFromZero);
            block[2 + i] = (byte)(sbyte)Math.Clamp(q, -127, 127);
        }
    }
}
