using System.Buffers.Binary;
using System.Text;

namespace Vane.Loading.Gguf;

/// <summary>
/// Reads little-endian fields from mapped file bytes, checking each read against the
/// bytes left; a short read is a <see cref="ModelFormatException"/> naming the field.
/// </summary>
internal sealed unsafe class GgufCursor
{
    readonly byte* _base;

    /// <summary>The file, for errors.</summary>
    public string Path { get; }

    /// <summary>Total bytes readable.</summary>
    public long Length { get; }

    /// <summary>Offset of the next read from the start of the file.</summary>
    public long Position { get; set; }

    /// <summary>Bytes between <see cref="Position"/> and the end.</summary>
    public long Remaining => Length - Position;

    public GgufCursor(string path, byte* data, long length)
    {
        Path = path;
        _base = data;
        Length = length;
    }

    /// <summary>An error about <paramref name="item"/> with the problem found and expected.</summary>
    public ModelFormatException Error(string? item, string problem) => new(Path, item, problem);

    /// <summary>Throws unless <paramref name="count"/> bytes are left for <paramref name="item"/>.</summary>
    public void Need(long count, string item)
    {
        if (count < 0 || count > Remaining)
            throw Error(item, $"needs {(ulong)count} bytes at offset {Position}, found {Remaining} left " +
                "(truncated or corrupt file)");
    }

    ReadOnlySpan<byte> Take(int count, string item)
    {
        Need(count, item);
        var span = new ReadOnlySpan<byte>(_base + Position, count);
        Position += count;
        return span;
    }

    /// <summary>Reads one byte.</summary>
    public byte U8(string item) => Take(1, item)[0];

    /// <summary>Reads a little-endian u16.</summary>
    public ushort U16(string item) => BinaryPrimitives.ReadUInt16LittleEndian(Take(2, item));

    /// <summary>Reads a little-endian u32.</summary>
    public uint U32(string item) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, item));

    /// <summary>Reads a little-endian u64.</summary>
    public ulong U64(string item) => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, item));

    /// <summary>Reads a u64 byte length and that many bytes of UTF-8 (invalid bytes become U+FFFD).</summary>
    public string Str(string item)
    {
        ulong n = U64(item);
        if (n > (ulong)Remaining)
            throw Error(item, $"string length is {n} bytes, but only {Remaining} bytes are left in the file");
        if (n > int.MaxValue)
            throw Error(item, $"string length is {n} bytes, expected at most {int.MaxValue}");
        return Encoding.UTF8.GetString(Take((int)n, item));
    }

    /// <summary>
    /// Reads a u64 element count and checks that <paramref name="minBytesEach"/> bytes per
    /// element fit in what is left, so nothing larger than the file is ever allocated.
    /// </summary>
    public int Count(int minBytesEach, string item, string what)
    {
        ulong n = U64(item);
        if (n > (ulong)(Remaining / minBytesEach))
            throw Error(item, $"{what} count is {n}, but {Remaining} bytes left hold at most " +
                $"{Remaining / minBytesEach} (corrupt file)");
        if (n > (ulong)System.Array.MaxLength)
            throw Error(item, $"{what} count is {n}, expected at most {System.Array.MaxLength}");
        return (int)n;
    }
}
