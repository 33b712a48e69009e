namespace Vane.Loading.Gguf;

/// <summary>
/// The metadata of a GGUF file with typed accessors. A missing key or a value of another
/// type is a <see cref="ModelFormatException"/> naming the file, the key, and found vs expected.
/// </summary>
public sealed class GgufMetadata
{
    readonly Dictionary<string, GgufValue> _values;

    /// <summary>The file the metadata came from, for errors.</summary>
    public string Path { get; }

    /// <summary>Every key and value, in no particular order.</summary>
    public IReadOnlyDictionary<string, GgufValue> Values => _values;

    internal GgufMetadata(string path, Dictionary<string, GgufValue> values)
    {
        Path = path;
        _values = values;
    }

    /// <summary>Whether <paramref name="key"/> is present.</summary>
    public bool Contains(string key) => _values.ContainsKey(key);

    /// <summary>The value under <paramref name="key"/>, or false when absent.</summary>
    public bool TryGet(string key, out GgufValue value) => _values.TryGetValue(key, out value!);

    /// <summary>The value under <paramref name="key"/>; throws naming the key when absent.</summary>
    public GgufValue Get(string key) =>
        _values.TryGetValue(key, out var v)
            ? v
            : throw new ModelFormatException(Path, key, "metadata key not found");

    /// <summary>A String value.</summary>
    public string GetString(string key) => Scalar<string>(key, GgufValueType.String);

    /// <summary>A UInt32 value.</summary>
    public uint GetUInt32(string key) => Scalar<uint>(key, GgufValueType.UInt32);

    /// <summary>An Int32 value.</summary>
    public int GetInt32(string key) => Scalar<int>(key, GgufValueType.Int32);

    /// <summary>A UInt64 value.</summary>
    public ulong GetUInt64(string key) => Scalar<ulong>(key, GgufValueType.UInt64);

    /// <summary>An Int64 value.</summary>
    public long GetInt64(string key) => Scalar<long>(key, GgufValueType.Int64);

    /// <summary>A Float32 value.</summary>
    public float GetFloat32(string key) => Scalar<float>(key, GgufValueType.Float32);

    /// <summary>A Float64 value.</summary>
    public double GetFloat64(string key) => Scalar<double>(key, GgufValueType.Float64);

    /// <summary>A Bool value.</summary>
    public bool GetBool(string key) => Scalar<bool>(key, GgufValueType.Bool);

    /// <summary>
    /// A value of any integer type widened to long, for counts that converters store as
    /// u32, i32 or u64 alike; a u64 above long.MaxValue is an error.
    /// </summary>
    public long GetInteger(string key)
    {
        var v = Get(key);
        return v.Value switch
        {
            byte x => x,
            sbyte x => x,
            ushort x => x,
            short x => x,
            uint x => x,
            int x => x,
            long x => x,
            ulong x when x <= long.MaxValue => (long)x,
            ulong x => throw new ModelFormatException(Path, key, $"found {x}, expected at most {long.MaxValue}"),
            _ => throw new ModelFormatException(Path, key, $"found type {v.TypeName}, expected an integer"),
        };
    }

    /// <summary>
    /// An array of scalars as a .NET array: <typeparamref name="T"/> is the element type
    /// (string for String, float for Float32, ...; GgufValue for arrays of arrays).
    /// </summary>
    public T[] GetArray<T>(string key)
    {
        var v = Get(key);
        if (v.Value is T[] items)
            return items;
        string expected = typeof(T) == typeof(GgufValue)
            ? "Array of Array"
            : $"Array of {GgufValue.ScalarTypeOf(typeof(T))}";
        throw new ModelFormatException(Path, key, $"found type {v.TypeName}, expected {expected}");
    }

    T Scalar<T>(string key, GgufValueType expected)
    {
        var v = Get(key);
        return v.Type == expected && v.Value is T x
            ? x
            : throw new ModelFormatException(Path, key, $"found type {v.TypeName}, expected {expected}");
    }
}
