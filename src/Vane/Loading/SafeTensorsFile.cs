using System.IO.MemoryMappedFiles;
using System.Text.Json;
using Vane.Tensors;

namespace Vane.Loading;

/// <summary>One tensor's entry in a safetensors header.</summary>
/// <param name="Name">Tensor name.</param>
/// <param name="DTypeName">dtype as written in the header ("F32", "BF16", "I64", ...).</param>
/// <param name="Shape">Dimensions, outermost first.</param>
/// <param name="Offset">Start of the data, from the start of the file.</param>
/// <param name="ByteLength">Bytes of data.</param>
public sealed record SafeTensorInfo(string Name, string DTypeName, long[] Shape, long Offset, long ByteLength)
{
    /// <summary>Number of elements (product of the shape).</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>The shape as "[a, b]".</summary>
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}

/// <summary>
/// A memory-mapped safetensors file: an 8-byte little-endian header length, a JSON
/// header of tensor entries, then the data. Every offset and size is checked against
/// the file before any tensor is handed out.
/// </summary>
public sealed unsafe class SafeTensorsFile : IDisposable
{
    const long MaxHeaderBytes = 100L << 20;

    readonly MemoryMappedFile? _map;
    readonly MemoryMappedViewAccessor? _view;
    readonly byte* _base;
    readonly Dictionary<string, SafeTensorInfo> _tensors;

    /// <summary>Path the file was opened from.</summary>
    public string Path { get; }

    /// <summary>Entries of the header, by tensor name.</summary>
    public IReadOnlyDictionary<string, SafeTensorInfo> Tensors => _tensors;

    /// <summary>The optional "__metadata__" string map.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    SafeTensorsFile(string path)
    {
        Path = path;
        if (!File.Exists(path))
            throw new ModelFormatException(path, null, "file not found");
        long length = FileLength(path);
        if (length < 8)
            throw new ModelFormatException(path, null,
                $"file is {length} bytes, too short for a safetensors header (expected at least 8)");

        byte[] header = ReadHeader(path, length);
        (_tensors, Metadata) = ParseHeader(path, header, 8 + header.LongLength, length);

        _map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        _view = _map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        byte* p = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
        _base = p + _view.PointerOffset;
    }

    /// <summary>Opens and validates <paramref name="path"/>; throws <see cref="ModelFormatException"/>.</summary>
    public static SafeTensorsFile Open(string path) => new(path);

    // The size of the file itself: FileInfo.Length of a symbolic link (as in the hub cache) is the link's.
    static long FileLength(string path)
    {
        using var fs = File.OpenRead(path);
        return fs.Length;
    }

    static byte[] ReadHeader(string path, long length)
    {
        using var fs = File.OpenRead(path);
        Span<byte> lenBytes = stackalloc byte[8];
        fs.ReadExactly(lenBytes);
        ulong n = BitConverter.ToUInt64(lenBytes);
        if (n > MaxHeaderBytes || (long)n > length - 8)
            throw new ModelFormatException(path, null,
                $"header length is {n} bytes but the file has {length - 8} bytes after the length field " +
                "(truncated or not a safetensors file)");
        var header = new byte[n];
        fs.ReadExactly(header);
        return header;
    }

    static (Dictionary<string, SafeTensorInfo>, Dictionary<string, string>) ParseHeader(
        string path, byte[] header, long dataStart, long fileLength)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(header); }
        catch (JsonException e)
        {
            throw new ModelFormatException(path, null, $"header is not valid JSON: {e.Message}", e);
        }
        using var _ = doc;
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
            throw new ModelFormatException(path, null,
                $"header is a JSON {doc.RootElement.ValueKind}, expected an object");

        var tensors = new Dictionary<string, SafeTensorInfo>();
        var metadata = new Dictionary<string, string>();
        long dataLength = fileLength - dataStart;
        foreach (var prop in doc.RootElement.EnumerateObject())
        {
            if (prop.Name == "__metadata__")
            {
                if (prop.Value.ValueKind == JsonValueKind.Object)
                    foreach (var m in prop.Value.EnumerateObject())
                        metadata[m.Name] = m.Value.ToString();
                continue;
            }
            var info = ParseEntry(path, prop, dataStart, dataLength);
            tensors[info.Name] = info;
        }
        return (tensors, metadata);
    }

    static SafeTensorInfo ParseEntry(string path, JsonProperty prop, long dataStart, long dataLength)
    {
        string name = prop.Name;
        var e = prop.Value;
        if (e.ValueKind != JsonValueKind.Object
            || !e.TryGetProperty("dtype", out var dt) || dt.ValueKind != JsonValueKind.String
            || !e.TryGetProperty("shape", out var sh) || sh.ValueKind != JsonValueKind.Array
            || !e.TryGetProperty("data_offsets", out var off) || off.ValueKind != JsonValueKind.Array
            || off.GetArrayLength() != 2)
            throw new ModelFormatException(path, name,
                "header entry must have dtype, shape and data_offsets [begin, end]");

        var shape = new long[sh.GetArrayLength()];
        int i = 0;
        foreach (var d in sh.EnumerateArray())
        {
            if (!d.TryGetInt64(out shape[i]) || shape[i] < 0)
                throw new ModelFormatException(path, name, $"shape {sh} has an invalid dimension");
            i++;
        }
        if (!off[0].TryGetInt64(out long begin) || !off[1].TryGetInt64(out long end)
            || begin < 0 || end < begin || end > dataLength)
            throw new ModelFormatException(path, name,
                $"data_offsets {off} lie outside the {dataLength} data bytes of the file " +
                "(truncated file or corrupt header)");

        string dtype = dt.GetString()!;
        var info = new SafeTensorInfo(name, dtype, shape, dataStart + begin, end - begin);
        int elementSize = ElementSize(dtype);
        if (elementSize > 0)
        {
            long expected;
            try { expected = checked(info.ElementCount * elementSize); }
            catch (OverflowException)
            {
                throw new ModelFormatException(path, name, $"shape {info.ShapeText} is too large");
            }
            if (expected != info.ByteLength)
                throw new ModelFormatException(path, name,
                    $"shape {info.ShapeText} of {dtype} needs {expected} bytes, data_offsets give {info.ByteLength}");
        }
        return info;
    }

    static int ElementSize(string dtype) => dtype switch
    {
        "F64" or "I64" or "U64" => 8,
        "F32" or "I32" or "U32" => 4,
        "F16" or "BF16" or "I16" or "U16" => 2,
        "I8" or "U8" or "BOOL" or "F8_E4M3" or "F8_E5M2" => 1,
        _ => 0,
    };

    /// <summary>The entry for <paramref name="name"/>; throws naming the file when absent.</summary>
    public SafeTensorInfo Info(string name) =>
        _tensors.TryGetValue(name, out var info)
            ? info
            : throw new ModelFormatException(Path, name, "tensor not found in this file");

    /// <summary>The stored dtype of a tensor, or an error naming it when Vane cannot compute with it.</summary>
    public DType DTypeOf(SafeTensorInfo info) =>
        DTypes.FromSafeTensorsName(info.DTypeName)
        ?? throw new ModelFormatException(Path, info.Name,
            $"dtype {info.DTypeName} is not supported (expected F32, F16 or BF16)");

    /// <summary>The tensor as a [rows, cols] matrix over the mapped bytes (no copy).</summary>
    public WeightMatrix Matrix(string name, int rows, int cols)
    {
        var info = Info(name);
        ExpectShape(info, rows, cols);
        return new WeightMatrix(name, DTypeOf(info), rows, cols, _base + info.Offset, this);
    }

    /// <summary>The tensor converted to a new F32 array; its shape must be <paramref name="shape"/>.</summary>
    public float[] ReadFloats(string name, params long[] shape)
    {
        var info = Info(name);
        ExpectShape(info, shape);
        var dtype = DTypeOf(info);
        var result = new float[info.ElementCount];
        Vane.Tensors.Convert.ToSingle(dtype, new ReadOnlySpan<byte>(_base + info.Offset, (int)info.ByteLength), result);
        return result;
    }

    /// <summary>Throws naming file and tensor unless the tensor has exactly <paramref name="shape"/>.</summary>
    public void ExpectShape(SafeTensorInfo info, params long[] shape)
    {
        if (!info.Shape.SequenceEqual(shape))
            throw new ModelFormatException(Path, info.Name,
                $"shape is {info.ShapeText}, expected [{string.Join(", ", shape)}] from config.json " +
                "(is this the right architecture or config?)");
    }

    /// <summary>Unmaps the file. Matrices handed out must no longer be used.</summary>
    public void Dispose()
    {
        if (_view is not null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
        }
        _map?.Dispose();
    }
}
