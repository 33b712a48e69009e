using System.IO.MemoryMappedFiles;

namespace Vane.Loading.Gguf;

/// <summary>
/// A memory-mapped GGUF file (version 2 or 3): a header of metadata and tensor infos,
/// then aligned tensor data. Every count, length and offset is checked against the file
/// before use; any inconsistency is a <see cref="ModelFormatException"/>.
/// </summary>
public sealed unsafe class GgufFile : IDisposable
{
    readonly MemoryMappedFile _map;
    readonly MemoryMappedViewAccessor _view;
    readonly byte* _base;
    readonly Dictionary<string, GgufTensorInfo> _byName = new();
    bool _disposed;

    /// <summary>Path the file was opened from.</summary>
    public string Path { get; }

    /// <summary>File size in bytes.</summary>
    public long Length { get; }

    /// <summary>GGUF format version: 2 or 3.</summary>
    public uint Version { get; }

    /// <summary>Alignment of tensor data in bytes (general.alignment, default 32).</summary>
    public uint Alignment { get; }

    /// <summary>
    /// Offset of the data section: the end of the tensor infos rounded up to <see cref="Alignment"/>.
    /// </summary>
    public long DataStart { get; }

    /// <summary>The metadata key-value pairs with typed accessors.</summary>
    public GgufMetadata Metadata { get; }

    /// <summary>Tensor infos in file order.</summary>
    public IReadOnlyList<GgufTensorInfo> Tensors { get; }

    GgufFile(string path)
    {
        Path = path;
        if (!File.Exists(path))
            throw new ModelFormatException(path, null, "file not found");
        using (var fs = File.OpenRead(path))
            Length = fs.Length; // follows a symbolic link, unlike FileInfo.Length
        if (Length < GgufHeader.FixedBytes)
            throw new ModelFormatException(path, null,
                $"file is {Length} bytes, shorter than the {GgufHeader.FixedBytes}-byte GGUF header");

        _map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        _view = _map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        byte* p = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
        _base = p + _view.PointerOffset;
        try
        {
            var header = GgufHeader.Parse(new GgufCursor(path, _base, Length));
            Version = header.Version;
            Alignment = header.Alignment;
            DataStart = header.DataStart;
            Metadata = new GgufMetadata(path, header.Metadata);
            Tensors = header.Tensors;
            _byName = header.Tensors.ToDictionary(t => t.Name);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Opens and validates <paramref name="path"/>; throws <see cref="ModelFormatException"/>.</summary>
    public static GgufFile Open(string path) => new(path);

    /// <summary>The info for tensor <paramref name="name"/>; throws naming the file when absent.</summary>
    public GgufTensorInfo Tensor(string name) =>
        _byName.TryGetValue(name, out var info)
            ? info
            : throw new ModelFormatException(Path, name, "tensor not found in this file");

    /// <summary>Whether a tensor named <paramref name="name"/> exists.</summary>
    public bool HasTensor(string name) => _byName.ContainsKey(name);

    /// <summary>The stored bytes of a whole tensor (no copy); tensors over 2 GiB must be read by row.</summary>
    public ReadOnlySpan<byte> TensorBytes(GgufTensorInfo info)
    {
        if (info.ByteLength > int.MaxValue)
            throw new ModelFormatException(Path, info.Name,
                $"tensor is {info.ByteLength} bytes, expected at most {int.MaxValue} for one span; read it by row");
        return new ReadOnlySpan<byte>(_base + info.Offset, (int)info.ByteLength);
    }

    /// <summary>The stored bytes of row <paramref name="row"/> (Dims[0] values) of a tensor (no copy).</summary>
    public ReadOnlySpan<byte> RowBytes(GgufTensorInfo info, long row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, info.Rows);
        long rowBytes = info.RowBytes;
        return new ReadOnlySpan<byte>(_base + info.Offset + row * rowBytes, checked((int)rowBytes));
    }

    /// <summary>Tensor <paramref name="name"/> dequantised to a new F32 array, ggml order (Dims[0] fastest).</summary>
    public float[] ReadFloats(string name)
    {
        var info = Tensor(name);
        if (info.ElementCount > Array.MaxLength || info.RowLength > int.MaxValue)
            throw new ModelFormatException(Path, name,
                $"tensor has {info.ElementCount} values, expected at most {Array.MaxLength} for one array");
        var result = new float[info.ElementCount];
        int rowLength = (int)info.RowLength;
        for (long r = 0; r < info.Rows; r++)
            GgufQuant.Dequantize(info.Type, RowBytes(info, r), result.AsSpan((int)(r * rowLength), rowLength));
        return result;
    }

    /// <summary>Unmaps the file. Spans handed out must no longer be used.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
    }
}
