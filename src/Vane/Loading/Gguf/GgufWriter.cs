using System.Text;

namespace Vane.Loading.Gguf;

/// <summary>
/// Builds a GGUF version 3 file: metadata pairs and tensors are collected in memory, then
/// <see cref="Write"/> lays them out with aligned data and saves through <see cref="AtomicFile"/>.
/// </summary>
public sealed class GgufWriter
{
    readonly List<KeyValuePair<string, GgufValue>> _metadata = new();
    readonly List<(string Name, GgmlType Type, long[] Dims, byte[] Data)> _tensors = new();
    readonly HashSet<string> _keys = new(), _names = new();

    /// <summary>Alignment of tensor data in bytes; stored as general.alignment when not 32.</summary>
    public uint Alignment { get; }

    /// <summary>A writer aligning tensor data to <paramref name="alignment"/> bytes (a power of two).</summary>
    public GgufWriter(uint alignment = GgufHeader.DefaultAlignment)
    {
        if (alignment == 0 || (alignment & (alignment - 1)) != 0)
            throw new ArgumentException($"alignment is {alignment}, expected a power of two", nameof(alignment));
        Alignment = alignment;
        if (alignment != GgufHeader.DefaultAlignment)
        {
            _keys.Add("general.alignment");
            _metadata.Add(new("general.alignment", GgufValue.Of(alignment)));
        }
    }

    /// <summary>The metadata pairs added so far, in the order they will be written.</summary>
    public IReadOnlyList<KeyValuePair<string, GgufValue>> Metadata => _metadata;

    /// <summary>Adds metadata pair <paramref name="key"/> = <paramref name="value"/>; keys must be unique.</summary>
    public GgufWriter AddMetadata(string key, GgufValue value)
    {
        if (key == "general.alignment")
            throw new ArgumentException("general.alignment is set by the GgufWriter constructor", nameof(key));
        if (!_keys.Add(key))
            throw new ArgumentException($"metadata key '{key}' added twice", nameof(key));
        _metadata.Add(new(key, value));
        return this;
    }

    /// <summary>
    /// Adds tensor <paramref name="name"/> with dims in ggml order (<paramref name="dims"/>[0] innermost),
    /// encoding F32 <paramref name="values"/> as <paramref name="type"/>; ne[0] must be a whole number of blocks.
    /// </summary>
    public GgufWriter AddTensor(string name, GgmlType type, long[] dims, ReadOnlySpan<float> values)
    {
        long count = CheckDims(name, dims);
        if (values.Length != count)
            throw new ArgumentException(
                $"tensor '{name}': {values.Length} values for dims [{string.Join(", ", dims)}]");
        long rowLength = dims.Length == 0 ? 1 : dims[0];
        long rowBytes = type.RowBytes(rowLength);
        if (rowBytes < 0)
            throw new ArgumentException(
                $"tensor '{name}': ne[0] = {rowLength} is not a multiple of {type}'s {type.BlockSize()}-value blocks");
        var data = new byte[checked(rowBytes * (count / rowLength))];
        for (long r = 0; r < count / rowLength; r++)
            GgufQuant.Quantize(type,
                values.Slice((int)(r * rowLength), (int)rowLength),
                data.AsSpan((int)(r * rowBytes), (int)rowBytes));
        return AddEncoded(name, type, dims, data);
    }

    /// <summary>Adds a tensor whose bytes are already encoded as <paramref name="type"/>.</summary>
    public GgufWriter AddEncoded(string name, GgmlType type, long[] dims, byte[] data)
    {
        long count = CheckDims(name, dims);
        long rowLength = dims.Length == 0 ? 1 : dims[0];
        long rowBytes = type.RowBytes(rowLength);
        if (rowBytes < 0 || rowBytes * (count / rowLength) != data.LongLength)
            throw new ArgumentException($"tensor '{name}': {data.Length} bytes do not hold dims " +
                $"[{string.Join(", ", dims)}] of {type}");
        if (!_names.Add(name))
            throw new ArgumentException($"tensor '{name}' added twice", nameof(name));
        _tensors.Add((name, type, (long[])dims.Clone(), data));
        return this;
    }

    static long CheckDims(string name, long[] dims)
    {
        if (dims.Length > 4 || dims.Any(d => d <= 0))
            throw new ArgumentException($"tensor '{name}': dims [{string.Join(", ", dims)}], " +
                "expected at most 4 positive dimensions");
        return dims.Aggregate(1L, (a, b) => checked(a * b));
    }

    /// <summary>Writes the file to <paramref name="path"/> atomically (temporary file, then rename).</summary>
    public void Write(string path) => AtomicFile.Write(path, WriteTo);

    /// <summary>Writes the file to <paramref name="stream"/>, starting at its current position.</summary>
    public void WriteTo(Stream stream)
    {
        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        w.Write(GgufHeader.Magic);
        w.Write(3u);
        w.Write((ulong)_tensors.Count);
        w.Write((ulong)_metadata.Count);
        foreach (var (key, value) in _metadata)
        {
            WriteString(w, key);
            w.Write((uint)value.Type);
            WriteValue(w, value);
        }

        long offset = 0;
        foreach (var t in _tensors)
        {
            WriteString(w, t.Name);
            w.Write((uint)t.Dims.Length);
            foreach (long d in t.Dims)
                w.Write((ulong)d);
            w.Write((uint)t.Type);
            w.Write((ulong)offset);
            offset = AlignUp(offset + t.Data.LongLength);
        }

        Pad(w);
        foreach (var t in _tensors)
        {
            w.Write(t.Data);
            Pad(w);
        }
    }

    long AlignUp(long n) => (n + Alignment - 1) / Alignment * Alignment;

    void Pad(BinaryWriter w)
    {
        w.Flush();
        long pos = w.BaseStream.Position;
        for (long i = pos; i < AlignUp(pos); i++)
            w.Write((byte)0);
    }

    static void WriteString(BinaryWriter w, string s)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(s);
        w.Write((ulong)bytes.Length);
        w.Write(bytes);
    }

    static void WriteValue(BinaryWriter w, GgufValue v)
    {
        switch (v.Value)
        {
            case System.Array items:
                w.Write((uint)v.ElementType!.Value);
                w.Write((ulong)items.Length);
                foreach (object item in items)
                    WriteElement(w, v.ElementType.Value, item);
                break;
            default:
                WriteScalar(w, v.Value);
                break;
        }
    }

    static void WriteElement(BinaryWriter w, GgufValueType type, object item)
    {
        if (type == GgufValueType.Array)
            WriteValue(w, (GgufValue)item);
        else
            WriteScalar(w, item);
    }

    static void WriteScalar(BinaryWriter w, object value)
    {
        switch (value)
        {
            case byte x: w.Write(x); break;
            case sbyte x: w.Write(x); break;
            case ushort x: w.Write(x); break;
            case short x: w.Write(x); break;
            case uint x: w.Write(x); break;
            case int x: w.Write(x); break;
            case float x: w.Write(x); break;
            case bool x: w.Write((byte)(x ? 1 : 0)); break;
            case string x: WriteString(w, x); break;
            case ulong x: w.Write(x); break;
            case long x: w.Write(x); break;
            case double x: w.Write(x); break;
            default: throw new ArgumentException($"{value.GetType().Name} is not a GGUF scalar");
        }
    }
}
