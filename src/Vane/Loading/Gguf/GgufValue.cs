namespace Vane.Loading.Gguf;

/// <summary>
/// One GGUF metadata value. Scalars are kept boxed in <see cref="Value"/>; arrays are kept as
/// a typed .NET array (<c>uint[]</c>, <c>string[]</c>, ...), or as <c>GgufValue[]</c> when the
/// elements are themselves arrays.
/// </summary>
public sealed class GgufValue
{
    /// <summary>The value's type tag.</summary>
    public GgufValueType Type { get; }

    /// <summary>For arrays, the type of their elements; otherwise null.</summary>
    public GgufValueType? ElementType { get; }

    /// <summary>The value: a byte, sbyte, ..., string, bool, a typed array, or a GgufValue[] of arrays.</summary>
    public object Value { get; }

    GgufValue(GgufValueType type, GgufValueType? elementType, object value)
    {
        Type = type;
        ElementType = elementType;
        Value = value;
    }

    /// <summary>The type as written in errors: "UInt32", or "Array of String".</summary>
    public string TypeName => Type == GgufValueType.Array ? $"Array of {ElementType}" : Type.ToString();

    /// <summary>Number of elements of an array value; 0 for scalars.</summary>
    public int Count => Value is System.Array a ? a.Length : 0;

    /// <summary>A u8 value.</summary>
    public static GgufValue Of(byte v) => new(GgufValueType.UInt8, null, v);
    /// <summary>An i8 value.</summary>
    public static GgufValue Of(sbyte v) => new(GgufValueType.Int8, null, v);
    /// <summary>A u16 value.</summary>
    public static GgufValue Of(ushort v) => new(GgufValueType.UInt16, null, v);
    /// <summary>An i16 value.</summary>
    public static GgufValue Of(short v) => new(GgufValueType.Int16, null, v);
    /// <summary>A u32 value.</summary>
    public static GgufValue Of(uint v) => new(GgufValueType.UInt32, null, v);
    /// <summary>An i32 value.</summary>
    public static GgufValue Of(int v) => new(GgufValueType.Int32, null, v);
    /// <summary>An f32 value.</summary>
    public static GgufValue Of(float v) => new(GgufValueType.Float32, null, v);
    /// <summary>A bool value.</summary>
    public static GgufValue Of(bool v) => new(GgufValueType.Bool, null, v);
    /// <summary>A string value.</summary>
    public static GgufValue Of(string v) => new(GgufValueType.String, null, v);
    /// <summary>A u64 value.</summary>
    public static GgufValue Of(ulong v) => new(GgufValueType.UInt64, null, v);
    /// <summary>An i64 value.</summary>
    public static GgufValue Of(long v) => new(GgufValueType.Int64, null, v);
    /// <summary>An f64 value.</summary>
    public static GgufValue Of(double v) => new(GgufValueType.Float64, null, v);

    /// <summary>
    /// An array of scalars; <typeparamref name="T"/> picks the element type (byte is UInt8,
    /// string is String, ...). For an array of arrays use <see cref="ArrayOfArrays"/>.
    /// </summary>
    public static GgufValue Array<T>(T[] items) =>
        new(GgufValueType.Array, ScalarTypeOf(typeof(T)), items);

    /// <summary>An array whose elements are array values (each may have its own element type).</summary>
    public static GgufValue ArrayOfArrays(GgufValue[] items)
    {
        foreach (var item in items)
            if (item.Type != GgufValueType.Array)
                throw new ArgumentException($"element of type {item.TypeName}, expected an array", nameof(items));
        return new(GgufValueType.Array, GgufValueType.Array, items);
    }

    /// <summary>Wraps an array read from a file; <paramref name="items"/> has <paramref name="elementType"/>.</summary>
    internal static GgufValue FromArray(GgufValueType elementType, System.Array items) =>
        new(GgufValueType.Array, elementType, items);

    /// <summary>Wraps a scalar read from a file; <paramref name="value"/> matches <paramref name="type"/>.</summary>
    internal static GgufValue FromScalar(GgufValueType type, object value) => new(type, null, value);

    /// <summary>The GGUF type tag for .NET element type <paramref name="t"/>.</summary>
    public static GgufValueType ScalarTypeOf(Type t) =>
        t == typeof(byte) ? GgufValueType.UInt8
        : t == typeof(sbyte) ? GgufValueType.Int8
        : t == typeof(ushort) ? GgufValueType.UInt16
        : t == typeof(short) ? GgufValueType.Int16
        : t == typeof(uint) ? GgufValueType.UInt32
        : t == typeof(int) ? GgufValueType.Int32
        : t == typeof(float) ? GgufValueType.Float32
        : t == typeof(bool) ? GgufValueType.Bool
        : t == typeof(string) ? GgufValueType.String
        : t == typeof(ulong) ? GgufValueType.UInt64
        : t == typeof(long) ? GgufValueType.Int64
        : t == typeof(double) ? GgufValueType.Float64
        : throw new ArgumentException($"{t.Name} has no GGUF value type (expected a primitive or string)");

    /// <summary>The value as text, arrays shortened: for logs and error messages.</summary>
    public override string ToString() => Value switch
    {
        string s => s,
        System.Array a => $"[{a.Length} × {ElementType}]",
        _ => Value.ToString() ?? "",
    };
}
