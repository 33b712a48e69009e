using Vane.Loading.Gguf;

namespace Vane.Tensors;

/// <summary>
/// Element types that weights may be stored in. Computation is always F32. The quantised
/// types pack values in fixed blocks along a row, exactly as ggml stores them.
/// </summary>
public enum DType
{
    /// <summary>IEEE 754 binary32.</summary>
    F32,
    /// <summary>IEEE 754 binary16.</summary>
    F16,
    /// <summary>bfloat16: the top 16 bits of a binary32.</summary>
    BF16,
    /// <summary>ggml Q8_0: blocks of 32 values, an fp16 scale and 32 int8 codes [34 bytes].</summary>
    Q8_0,
    /// <summary>ggml Q4_0: blocks of 32 values, an fp16 scale and 32 4-bit codes [18 bytes].</summary>
    Q4_0,
    /// <summary>
    /// ggml Q4_K: super-blocks of 256 values, fp16 d and dmin, 6-bit scales and mins per 32
    /// values, 4-bit codes [144 bytes].
    /// </summary>
    Q4_K,
    /// <summary>
    /// ggml Q6_K: super-blocks of 256 values, 6-bit codes, an int8 scale per 16 values and an
    /// fp16 d [210 bytes].
    /// </summary>
    Q6_K,
}

/// <summary>Sizes, names and ggml ids of <see cref="DType"/> values.</summary>
public static class DTypes
{
    /// <summary>
    /// Bytes per element of a plain float type (4 for F32, 2 for F16 and BF16). Block types
    /// have no per-element size: use <see cref="RowBytes"/>.
    /// </summary>
    /// <exception cref="NotSupportedException"><paramref name="t"/> is a block type.</exception>
    public static int Size(this DType t) => t switch
    {
        DType.F32 => 4,
        DType.F16 or DType.BF16 => 2,
        _ => throw new NotSupportedException(
            $"{t} stores values in blocks and has no per-element size; use RowBytes"),
    };

    /// <summary>Whether <paramref name="t"/> packs values in blocks (Q8_0, Q4_0, Q4_K, Q6_K).</summary>
    public static bool IsQuantized(this DType t) => t.BlockSize() > 1;

    /// <summary>Values per block: 1 for F32/F16/BF16, 32 for Q8_0/Q4_0, 256 for Q4_K/Q6_K.</summary>
    /// <exception cref="NotSupportedException"><paramref name="t"/> is not a known dtype.</exception>
    public static int BlockSize(this DType t) => t.ToGgml().BlockSize();

    /// <summary>Bytes one block of <see cref="BlockSize"/> values occupies.</summary>
    /// <exception cref="NotSupportedException"><paramref name="t"/> is not a known dtype.</exception>
    public static int BlockBytes(this DType t) => t.ToGgml().BlockBytes();

    /// <summary>Bytes a row of <paramref name="cols"/> values occupies.</summary>
    /// <param name="t">Stored element type.</param>
    /// <param name="cols">Values in the row; not negative, a multiple of <see cref="BlockSize"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="cols"/> is negative or not a whole number of
    /// blocks.</exception>
    /// <exception cref="NotSupportedException"><paramref name="t"/> is not a known dtype.</exception>
    public static long RowBytes(this DType t, int cols)
    {
        int block = t.BlockSize();
        if (cols < 0 || cols % block != 0)
            throw new ArgumentException(
                $"a row of {cols} values cannot be stored as {t}: expected a non-negative multiple " +
                $"of its {block}-value blocks", nameof(cols));
        return (long)(cols / block) * t.BlockBytes();
    }

    /// <summary>The ggml tensor type with the same encoding.</summary>
    /// <exception cref="NotSupportedException"><paramref name="t"/> is not a known dtype.</exception>
    public static GgmlType ToGgml(this DType t) => t switch
    {
        DType.F32 => GgmlType.F32,
        DType.F16 => GgmlType.F16,
        DType.BF16 => GgmlType.BF16,
        DType.Q8_0 => GgmlType.Q8_0,
        DType.Q4_0 => GgmlType.Q4_0,
        DType.Q4_K => GgmlType.Q4_K,
        DType.Q6_K => GgmlType.Q6_K,
        _ => throw new NotSupportedException($"dtype {t}"),
    };

    /// <summary>The dtype with the same encoding as a ggml tensor type; null when Vane has none.</summary>
    public static DType? FromGgml(GgmlType type) => type switch
    {
        GgmlType.F32 => DType.F32,
        GgmlType.F16 => DType.F16,
        GgmlType.BF16 => DType.BF16,
        GgmlType.Q8_0 => DType.Q8_0,
        GgmlType.Q4_0 => DType.Q4_0,
        GgmlType.Q4_K => DType.Q4_K,
        GgmlType.Q6_K => DType.Q6_K,
        _ => null,
    };

    /// <summary>
    /// The name used by safetensors headers ("F32", "F16", "BF16").
    /// </summary>
    /// <exception cref="NotSupportedException"><paramref name="t"/> is a block type, which safetensors
    /// cannot hold.</exception>
    public static string SafeTensorsName(this DType t) => t switch
    {
        DType.F32 or DType.F16 or DType.BF16 => t.ToString(),
        _ => throw new NotSupportedException($"safetensors cannot store {t}; save as F32, F16 or BF16"),
    };

    /// <summary>Parses a safetensors dtype name; null when Vane does not support it.</summary>
    public static DType? FromSafeTensorsName(string name) => name switch
    {
        "F32" => DType.F32,
        "F16" => DType.F16,
        "BF16" => DType.BF16,
        _ => null,
    };
}
