namespace Vane.Loading.Gguf;

/// <summary>
/// Tensor element types of ggml that Vane reads, by the numeric id a GGUF
/// tensor info stores. Quantised types pack values in fixed-size blocks.
/// </summary>
public enum GgmlType : uint
{
    /// <summary>IEEE binary32, one value per 4 bytes.</summary>
    F32 = 0,
    /// <summary>IEEE binary16, one value per 2 bytes.</summary>
    F16 = 1,
    /// <summary>Blocks of 32 values: fp16 scale d, 16 bytes of 4-bit codes; value = (q - 8) * d.</summary>
    Q4_0 = 2,
    /// <summary>Blocks of 32 values: fp16 scale d, 32 signed bytes; value = q * d.</summary>
    Q8_0 = 8,
    /// <summary>
    /// Super-blocks of 256 values: fp16 d and dmin, 12 bytes of 6-bit scales and mins,
    /// 128 bytes of nibbles.
    /// </summary>
    Q4_K = 12,
    /// <summary>
    /// Super-blocks of 256 values: 6-bit codes (128 low-nibble bytes, 64 high-bit bytes),
    /// 16 int8 scales, fp16 d.
    /// </summary>
    Q6_K = 14,
    /// <summary>bfloat16 (the top half of a binary32), one value per 2 bytes.</summary>
    BF16 = 30,
}

/// <summary>Block geometry of <see cref="GgmlType"/> values.</summary>
public static class GgmlTypes
{
    /// <summary>Whether <paramref name="id"/> is a type id Vane can read.</summary>
    public static bool IsKnown(uint id) => Enum.IsDefined((GgmlType)id);

    /// <summary>Values per block: 1 for plain floats, 32 for Q4_0/Q8_0, 256 for the K-quants.</summary>
    public static int BlockSize(this GgmlType type) => type switch
    {
        GgmlType.F32 or GgmlType.F16 or GgmlType.BF16 => 1,
        GgmlType.Q4_0 or GgmlType.Q8_0 => 32,
        GgmlType.Q4_K or GgmlType.Q6_K => 256,
        _ => throw new NotSupportedException($"ggml type {type}"),
    };

    /// <summary>Bytes one block occupies.</summary>
    public static int BlockBytes(this GgmlType type) => type switch
    {
        GgmlType.F32 => 4,
        GgmlType.F16 or GgmlType.BF16 => 2,
        GgmlType.Q4_0 => 2 + 16,
        GgmlType.Q8_0 => 2 + 32,
        GgmlType.Q4_K => 2 + 2 + 12 + 128,
        GgmlType.Q6_K => 128 + 64 + 16 + 2,
        _ => throw new NotSupportedException($"ggml type {type}"),
    };

    /// <summary>
    /// Bytes of a row of <paramref name="count"/> values, or -1 when <paramref name="count"/>
    /// is negative, not a whole number of blocks, or the size overflows a long.
    /// </summary>
    public static long RowBytes(this GgmlType type, long count)
    {
        long block = type.BlockSize();
        if (count < 0 || count % block != 0)
            return -1;
        long blocks = count / block;
        if (blocks > long.MaxValue / type.BlockBytes())
            return -1;
        return blocks * type.BlockBytes();
    }
}
