namespace Vane.Tensors;

/// <summary>Element types that weights may be stored in. Computation is always F32.</summary>
public enum DType
{
    /// <summary>IEEE 754 binary32.</summary>
    F32,
    /// <summary>IEEE 754 binary16.</summary>
    F16,
    /// <summary>bfloat16: the top 16 bits of a binary32.</summary>
    BF16,
}

/// <summary>Sizes and names of <see cref="DType"/> values.</summary>
public static class DTypes
{
    /// <summary>Bytes per element.</summary>
    public static int Size(this DType t) => t == DType.F32 ? 4 : 2;

    /// <summary>The name used by safetensors headers ("F32", "F16", "BF16").</summary>
    public static string SafeTensorsName(this DType t) => t.ToString();

    /// <summary>Parses a safetensors dtype name; null when Vane does not support it.</summary>
    public static DType? FromSafeTensorsName(string name) => name switch
    {
        "F32" => DType.F32,
        "F16" => DType.F16,
        "BF16" => DType.BF16,
        _ => null,
    };
}
