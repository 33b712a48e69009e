namespace Vane.Loading.Gguf;

/// <summary>Type tags of GGUF metadata values, by the numeric id the file stores.</summary>
public enum GgufValueType : uint
{
    /// <summary>Unsigned 8-bit integer (byte).</summary>
    UInt8 = 0,
    /// <summary>Signed 8-bit integer (sbyte).</summary>
    Int8 = 1,
    /// <summary>Unsigned 16-bit integer (ushort).</summary>
    UInt16 = 2,
    /// <summary>Signed 16-bit integer (short).</summary>
    Int16 = 3,
    /// <summary>Unsigned 32-bit integer (uint).</summary>
    UInt32 = 4,
    /// <summary>Signed 32-bit integer (int).</summary>
    Int32 = 5,
    /// <summary>IEEE binary32 (float).</summary>
    Float32 = 6,
    /// <summary>One byte, 0 or 1 (bool).</summary>
    Bool = 7,
    /// <summary>UTF-8 text: a u64 byte length, then the bytes, no terminator (string).</summary>
    String = 8,
    /// <summary>An element type tag, a u64 count, then the elements (which may themselves be arrays).</summary>
    Array = 9,
    /// <summary>Unsigned 64-bit integer (ulong).</summary>
    UInt64 = 10,
    /// <summary>Signed 64-bit integer (long).</summary>
    Int64 = 11,
    /// <summary>IEEE binary64 (double).</summary>
    Float64 = 12,
}

/// <summary>Sizes of <see cref="GgufValueType"/> values in a file.</summary>
public static class GgufValueTypes
{
    /// <summary>Whether <paramref name="id"/> is a metadata type tag defined by GGUF.</summary>
    public static bool IsKnown(uint id) => id <= (uint)GgufValueType.Float64;

    /// <summary>
    /// The fewest bytes one value of <paramref name="type"/> can take: its size for fixed-width
    /// types, the length prefix for strings, tag plus count for arrays.
    /// </summary>
    public static int MinBytes(this GgufValueType type) => type switch
    {
        GgufValueType.UInt8 or GgufValueType.Int8 or GgufValueType.Bool => 1,
        GgufValueType.UInt16 or GgufValueType.Int16 => 2,
        GgufValueType.UInt32 or GgufValueType.Int32 or GgufValueType.Float32 => 4,
        GgufValueType.UInt64 or GgufValueType.Int64 or GgufValueType.Float64 or GgufValueType.String => 8,
        GgufValueType.Array => 4 + 8,
        _ => throw new NotSupportedException($"GGUF value type {type}"),
    };
}
