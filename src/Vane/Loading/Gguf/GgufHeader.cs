namespace Vane.Loading.Gguf;

/// <summary>
/// Parses and validates everything in a GGUF file before the tensor data: magic, version,
/// metadata and tensor infos. Every count, length and offset is checked before it is used.
/// </summary>
internal sealed class GgufHeader
{
    /// <summary>The four bytes "GGUF" read as a little-endian u32.</summary>
    public const uint Magic = 0x46554747;

    /// <summary>Alignment of tensor data when general.alignment is absent.</summary>
    public const uint DefaultAlignment = 32;

    /// <summary>Bytes of magic, version, tensor count and metadata count.</summary>
    public const int FixedBytes = 4 + 4 + 8 + 8;

    /// <summary>Deepest nesting of arrays inside arrays that is accepted.</summary>
    const int MaxArrayDepth = 8;

    /// <summary>Most dimensions a ggml tensor has.</summary>
    const int MaxDims = 4;

    /// <summary>Fewest bytes of a tensor info: name length, n_dims, type, offset.</summary>
    const int MinTensorInfoBytes = 8 + 4 + 4 + 8;

    /// <summary>Fewest bytes of a metadata pair: key length, type tag, a 1-byte value.</summary>
    const int MinKeyValueBytes = 8 + 4 + 1;

    /// <summary>A tensor info as stored: offset relative to the data section, not yet placed.</summary>
    readonly record struct RawTensor(string Name, GgmlType Type, long[] Dims, ulong Offset, long Bytes);

    public uint Version { get; private set; }
    public Dictionary<string, GgufValue> Metadata { get; } = new();
    public List<GgufTensorInfo> Tensors { get; } = new();
    public uint Alignment { get; private set; } = DefaultAlignment;
    public long DataStart { get; private set; }

    /// <summary>Reads the header at the start of <paramref name="c"/>; throws ModelFormatException.</summary>
    public static GgufHeader Parse(GgufCursor c)
    {
        var h = new GgufHeader();
        h.ReadPreamble(c, out int tensorCount, out int kvCount);
        for (int i = 0; i < kvCount; i++)
            h.ReadKeyValue(c, i);
        h.ReadAlignment(c);
        var raw = new List<RawTensor>(tensorCount);
        var names = new HashSet<string>();
        for (int i = 0; i < tensorCount; i++)
        {
            var t = ReadTensorInfo(c, i);
            if (!names.Add(t.Name))
                throw c.Error(t.Name, "tensor name appears twice, expected unique names");
            raw.Add(t);
        }
        h.DataStart = AlignUp(c.Position, h.Alignment);
        foreach (var t in raw)
            h.Tensors.Add(h.Place(c, t.Name, t.Type, t.Dims, t.Offset, t.Bytes));
        return h;
    }

    void ReadPreamble(GgufCursor c, out int tensorCount, out int kvCount)
    {
        if (c.Length < FixedBytes)
            throw c.Error(null, $"file is {c.Length} bytes, shorter than the {FixedBytes}-byte GGUF header");
        uint magic = c.U32("magic");
        if (magic != Magic)
            throw c.Error("magic", $"found 0x{magic:X8}, expected 0x{Magic:X8} (\"GGUF\"); not a GGUF file");
        Version = c.U32("version");
        if (Version != 2 && Version != 3)
            throw c.Error("version", $"found {Version}, expected 2 or 3" +
                (Version == 1 ? " (GGUF v1 is obsolete; re-convert the model)" : "") +
                (Version > 0xFFFF ? " (big-endian GGUF files are not supported)" : ""));
        tensorCount = c.Count(MinTensorInfoBytes, "tensor_count", "tensor");
        kvCount = c.Count(MinKeyValueBytes, "metadata_kv_count", "metadata");
    }

    void ReadKeyValue(GgufCursor c, int index)
    {
        string key = c.Str($"metadata key #{index}");
        var value = ReadValue(c, key, ReadType(c, key), 0);
        if (!Metadata.TryAdd(key, value))
            throw c.Error(key, "metadata key appears twice, expected unique keys");
    }

    static GgufValueType ReadType(GgufCursor c, string key)
    {
        uint id = c.U32(key);
        if (!GgufValueTypes.IsKnown(id))
            throw c.Error(key, $"value type id is {id}, expected 0..{(uint)GgufValueType.Float64}");
        return (GgufValueType)id;
    }

    static GgufValue ReadValue(GgufCursor c, string key, GgufValueType type, int depth)
    {
        if (type != GgufValueType.Array)
            return GgufValue.FromScalar(type, ReadScalar(c, key, type));
        if (depth >= MaxArrayDepth)
            throw c.Error(key, $"arrays nested {depth + 1} deep, expected at most {MaxArrayDepth}");
        var elementType = ReadType(c, key);
        int n = c.Count(elementType.MinBytes(), key, $"array of {elementType}");
        return GgufValue.FromArray(elementType, ReadArray(c, key, elementType, n, depth));
    }

    static object ReadScalar(GgufCursor c, string key, GgufValueType type) => type switch
    {
        GgufValueType.UInt8 => c.U8(key),
        GgufValueType.Int8 => (sbyte)c.U8(key),
        GgufValueType.UInt16 => c.U16(key),
        GgufValueType.Int16 => (short)c.U16(key),
        GgufValueType.UInt32 => c.U32(key),
        GgufValueType.Int32 => (int)c.U32(key),
        GgufValueType.Float32 => BitConverter.UInt32BitsToSingle(c.U32(key)),
        GgufValueType.Bool => ReadBool(c, key),
        GgufValueType.String => c.Str(key),
        GgufValueType.UInt64 => c.U64(key),
        GgufValueType.Int64 => (long)c.U64(key),
        GgufValueType.Float64 => BitConverter.UInt64BitsToDouble(c.U64(key)),
        _ => throw c.Error(key, $"value type {type} is not a scalar"),
    };

    static bool ReadBool(GgufCursor c, string key)
    {
        byte b = c.U8(key);
        return b switch
        {
            0 => false,
            1 => true,
            _ => throw c.Error(key, $"bool byte is {b}, expected 0 or 1"),
        };
    }

    static Array ReadArray(GgufCursor c, string key, GgufValueType type, int n, int depth)
    {
        switch (type)
        {
            case GgufValueType.Array:
                var nested = new GgufValue[n];
                for (int i = 0; i < n; i++)
                    nested[i] = ReadValue(c, key, GgufValueType.Array, depth + 1);
                return nested;
            case GgufValueType.UInt8: return Fill(n, () => c.U8(key));
            case GgufValueType.Int8: return Fill(n, () => (sbyte)c.U8(key));
            case GgufValueType.UInt16: return Fill(n, () => c.U16(key));
            case GgufValueType.Int16: return Fill(n, () => (short)c.U16(key));
            case GgufValueType.UInt32: return Fill(n, () => c.U32(key));
            case GgufValueType.Int32: return Fill(n, () => (int)c.U32(key));
            case GgufValueType.Float32: return Fill(n, () => BitConverter.UInt32BitsToSingle(c.U32(key)));
            case GgufValueType.Bool: return Fill(n, () => ReadBool(c, key));
            case GgufValueType.String: return Fill(n, () => c.Str(key));
            case GgufValueType.UInt64: return Fill(n, () => c.U64(key));
            case GgufValueType.Int64: return Fill(n, () => (long)c.U64(key));
            case GgufValueType.Float64: return Fill(n, () => BitConverter.UInt64BitsToDouble(c.U64(key)));
            default: throw c.Error(key, $"array element type {type} is not readable");
        }
    }

    static T[] Fill<T>(int n, Func<T> read)
    {
        var items = new T[n];
        for (int i = 0; i < n; i++)
            items[i] = read();
        return items;
    }

    void ReadAlignment(GgufCursor c)
    {
        if (!Metadata.TryGetValue("general.alignment", out var v))
            return;
        if (v.Value is not uint a)
            throw c.Error("general.alignment", $"found type {v.TypeName}, expected UInt32");
        if (a == 0 || (a & (a - 1)) != 0)
            throw c.Error("general.alignment", $"found {a}, expected a power of two");
        Alignment = a;
    }

    static RawTensor ReadTensorInfo(GgufCursor c, int index)
    {
        string name = c.Str($"tensor #{index} name");
        uint nDims = c.U32(name);
        if (nDims > MaxDims)
            throw c.Error(name, $"n_dims is {nDims}, expected 0..{MaxDims}");
        var dims = new long[nDims];
        for (int d = 0; d < nDims; d++)
        {
            ulong ne = c.U64(name);
            if (ne == 0 || ne > long.MaxValue)
                throw c.Error(name, $"dimension {d} is {ne}, expected 1..{long.MaxValue}");
            dims[d] = (long)ne;
        }
        uint typeId = c.U32(name);
        if (!GgmlTypes.IsKnown(typeId))
            throw c.Error(name, $"ggml type id is {typeId}, expected one of " +
                string.Join(", ", Enum.GetValues<GgmlType>().Select(t => $"{t} ({(uint)t})")));
        var type = (GgmlType)typeId;
        ulong offset = c.U64(name);
        return new RawTensor(name, type, dims, offset, ByteSize(c, name, type, dims));
    }

    static long ByteSize(GgufCursor c, string name, GgmlType type, long[] dims)
    {
        long rowLength = dims.Length == 0 ? 1 : dims[0];
        long rowBytes = type.RowBytes(rowLength);
        if (rowLength % type.BlockSize() != 0)
            throw c.Error(name, $"row length ne[0] = {rowLength}, expected a multiple of the " +
                $"{type.BlockSize()}-value blocks of {type}");
        if (rowBytes < 0)
            throw c.Error(name, $"row length ne[0] = {rowLength} of {type} overflows a 64-bit byte count");
        long total = rowBytes;
        for (int d = 1; d < dims.Length; d++)
        {
            if (total != 0 && dims[d] > long.MaxValue / total)
                throw c.Error(name, $"dims [{string.Join(", ", dims)}] of {type} overflow a 64-bit byte count");
            total *= dims[d];
        }
        long elements = rowLength;
        for (int d = 1; d < dims.Length; d++)
        {
            if (dims[d] > long.MaxValue / elements)
                throw c.Error(name, $"dims [{string.Join(", ", dims)}] overflow a 64-bit element count");
            elements *= dims[d];
        }
        return total;
    }

    GgufTensorInfo Place(GgufCursor c, string name, GgmlType type, long[] dims, ulong offset, long bytes)
    {
        if (offset % Alignment != 0)
            throw c.Error(name, $"data offset is {offset}, expected a multiple of the alignment {Alignment}");
        long dataLength = Math.Max(0, c.Length - DataStart);
        if (offset > (ulong)dataLength || (ulong)bytes > (ulong)dataLength - offset)
            throw c.Error(name, $"data [{offset}, {offset} + {bytes}) lies outside the {dataLength}-byte " +
                $"data section that starts at {DataStart} (truncated or corrupt file)");
        return new GgufTensorInfo(name, type, dims, DataStart + (long)offset, bytes);
    }

    static long AlignUp(long position, uint alignment)
    {
        long rem = position % alignment;
        return rem == 0 ? position : position + (alignment - rem);
    }
}
