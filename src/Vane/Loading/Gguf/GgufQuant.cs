using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Vane.Loading.Gguf;

/// <summary>
/// Converts one row of values between F32 and the stored <see cref="GgmlType"/> encodings.
/// A row holds a whole number of blocks; validation comes first, nothing is allocated.
/// </summary>
public static class GgufQuant
{
    /// <summary>
    /// Decodes <paramref name="src"/> (a row of <paramref name="type"/>) into <paramref name="dst"/>;
    /// <paramref name="src"/> must be exactly the bytes of <c>dst.Length</c> values.
    /// </summary>
    public static void Dequantize(GgmlType type, ReadOnlySpan<byte> src, Span<float> dst)
    {
        CheckLengths(type, src.Length, dst.Length);
        switch (type)
        {
            case GgmlType.F32:
                MemoryMarshal.Cast<byte, float>(src).CopyTo(dst);
                break;
            case GgmlType.F16:
                TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<byte, Half>(src), dst);
                break;
            case GgmlType.BF16:
                Vane.Tensors.Convert.BFloat16ToSingle(MemoryMarshal.Cast<byte, ushort>(src), dst);
                break;
            case GgmlType.Q4_0:
                ForEachBlock(type, src, dst, BlockQ4_0.Decode);
                break;
            case GgmlType.Q8_0:
                ForEachBlock(type, src, dst, BlockQ8_0.Decode);
                break;
            case GgmlType.Q4_K:
                ForEachBlock(type, src, dst, BlockQ4_K.Decode);
                break;
            case GgmlType.Q6_K:
                ForEachBlock(type, src, dst, BlockQ6_K.Decode);
                break;
            default:
                throw new NotSupportedException($"dequantising ggml type {type}");
        }
    }

    /// <summary>
    /// Encodes <paramref name="src"/> as <paramref name="type"/> into <paramref name="dst"/>, which must be
    /// exactly the bytes of <c>src.Length</c> values. Supports F32, F16, BF16, Q8_0, Q4_0, Q4_K and Q6_K.
    /// </summary>
    public static void Quantize(GgmlType type, ReadOnlySpan<float> src, Span<byte> dst)
    {
        CheckLengths(type, dst.Length, src.Length);
        switch (type)
        {
            case GgmlType.F32:
                MemoryMarshal.AsBytes(src).CopyTo(dst);
                break;
            case GgmlType.F16:
                TensorPrimitives.ConvertToHalf(src, MemoryMarshal.Cast<byte, Half>(dst));
                break;
            case GgmlType.BF16:
                var bits = MemoryMarshal.Cast<byte, ushort>(dst);
                for (int i = 0; i < src.Length; i++)
                    bits[i] = Vane.Tensors.Convert.SingleToBFloat16(src[i]);
                break;
            case GgmlType.Q4_0:
                ForEachBlock(type, src, dst, BlockQ4_0.Encode);
                break;
            case GgmlType.Q8_0:
                ForEachBlock(type, src, dst, BlockQ8_0.Encode);
                break;
            case GgmlType.Q4_K:
                ForEachBlock(type, src, dst, BlockQ4_K.Encode);
                break;
            case GgmlType.Q6_K:
                ForEachBlock(type, src, dst, BlockQ6_K.Encode);
                break;
            default:
                throw new NotSupportedException($"quantising to ggml type {type}");
        }
    }

    static void CheckLengths(GgmlType type, int bytes, int values)
    {
        long expected = type.RowBytes(values);
        if (expected < 0)
            throw new ArgumentException(
                $"{values} values of {type}: expected a multiple of its {type.BlockSize()}-value blocks");
        if (expected != bytes)
            throw new ArgumentException($"{values} values of {type} take {expected} bytes, found {bytes}");
    }

    delegate void DecodeBlock(ReadOnlySpan<byte> block, Span<float> values);
    delegate void EncodeBlock(ReadOnlySpan<float> values, Span<byte> block);

    static void ForEachBlock(GgmlType type, ReadOnlySpan<byte> src, Span<float> dst, DecodeBlock decode)
    {
        int n = type.BlockSize(), size = type.BlockBytes();
        for (int b = 0; b < dst.Length / n; b++)
            decode(src.Slice(b * size, size), dst.Slice(b * n, n));
    }

    static void ForEachBlock(GgmlType type, ReadOnlySpan<float> src, Span<byte> dst, EncodeBlock encode)
    {
        int n = type.BlockSize(), size = type.BlockBytes();
        for (int b = 0; b < src.Length / n; b++)
            encode(src.Slice(b * n, n), dst.Slice(b * size, size));
    }
}
