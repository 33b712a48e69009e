using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Vane.Loading.Gguf;

namespace Vane.Tensors;

/// <summary>
/// A read-only weight matrix [Rows, Cols], row-major, kept in its stored dtype.
/// A linear layer computes y[r] = W[r, :] . x, so Cols is the input width.
/// A quantised row is a whole number of blocks, stored back to back as ggml does.
/// The memory belongs to a mapped file or to a pinned array kept alive here.
/// </summary>
public sealed unsafe class WeightMatrix
{
    readonly object? _owner; // keeps the backing memory alive

    /// <summary>The tensor's name in the file it came from.</summary>
    public string Name { get; }

    /// <summary>Stored element type.</summary>
    public DType DType { get; }

    /// <summary>Number of rows (output width of a linear layer).</summary>
    public int Rows { get; }

    /// <summary>Number of columns (input width of a linear layer).</summary>
    public int Cols { get; }

    /// <summary>Start of the stored elements.</summary>
    internal byte* Data { get; }

    /// <summary>Bytes the matrix occupies.</summary>
    public long ByteSize => Rows * RowByteCount;

    /// <summary>Bytes one row occupies.</summary>
    public long RowByteCount => DType.RowBytes(Cols);

    internal WeightMatrix(string name, DType dtype, int rows, int cols, byte* data, object? owner)
    {
        Name = name;
        DType = dtype;
        Rows = rows;
        Cols = cols;
        Data = data;
        _owner = owner;
    }

    /// <summary>Copies F32 values [rows, cols] into pinned memory owned by the matrix.</summary>
    public static WeightMatrix FromArray(string name, ReadOnlySpan<float> values, int rows, int cols) =>
        FromArray(name, values, rows, cols, DType.F32);

    /// <summary>
    /// Stores F32 values [rows, cols] as <paramref name="dtype"/> in pinned memory owned by the
    /// matrix; for tests and for converting a model's weights. Floats round to nearest even;
    /// block types are quantised as by <see cref="Quantize"/>.
    /// </summary>
    /// <param name="name">Tensor name used in error messages.</param>
    /// <param name="values">Elements [rows * cols], row-major.</param>
    /// <param name="rows">Rows (output width); not negative.</param>
    /// <param name="cols">Columns (input width); not negative, a multiple of the dtype's block.</param>
    /// <param name="dtype">Element type to store.</param>
    /// <exception cref="ArgumentException">The shape is negative, does not match the values, or
    /// <paramref name="cols"/> is not a whole number of blocks.</exception>
    public static WeightMatrix FromArray(
        string name,
        ReadOnlySpan<float> values,
        int rows,
        int cols,
        DType dtype)
    {
        if (dtype.IsQuantized())
            return Quantize(name, values, rows, cols, dtype);
        CheckShape(name, values.Length, rows, cols);
        var buf = GC.AllocateUninitializedArray<byte>(values.Length * dtype.Size(), pinned: true);
        Convert.FromSingle(dtype, values, buf);
        return Pinned(name, dtype, rows, cols, buf);
    }

    /// <summary>
    /// Encodes F32 values [rows, cols] row by row as <paramref name="dtype"/> with ggml's block
    /// layouts (see GgufQuant.Quantize), in pinned memory owned by the matrix. Any dtype is
    /// accepted; for tests and converters.
    /// </summary>
    /// <param name="name">Tensor name used in error messages.</param>
    /// <param name="values">Elements [rows * cols], row-major.</param>
    /// <param name="rows">Rows (output width); not negative.</param>
    /// <param name="cols">Columns (input width); a non-negative multiple of the dtype's block
    /// (32 for Q8_0/Q4_0, 256 for Q4_K/Q6_K).</param>
    /// <param name="dtype">Element type to store.</param>
    /// <exception cref="ArgumentException">The shape is negative, does not match the values, or
    /// <paramref name="cols"/> is not a whole number of blocks.</exception>
    public static WeightMatrix Quantize(
        string name,
        ReadOnlySpan<float> values,
        int rows,
        int cols,
        DType dtype)
    {
        CheckShape(name, values.Length, rows, cols);
        long rowBytes = CheckedRowBytes(name, dtype, cols);
        var buf = GC.AllocateUninitializedArray<byte>(checked((int)(rows * rowBytes)), pinned: true);
        var type = dtype.ToGgml();
        for (int r = 0; r < rows; r++)
        {
            GgufQuant.Quantize(type, values.Slice(r * cols, cols),
                buf.AsSpan((int)(r * rowBytes), (int)rowBytes));
        }
        return Pinned(name, dtype, rows, cols, buf);
    }

    /// <summary>
    /// Copies stored elements (little-endian, <paramref name="dtype"/>, [rows, cols] row-major) into
    /// pinned memory owned by the matrix.
    /// </summary>
    /// <param name="name">Tensor name used in error messages.</param>
    /// <param name="dtype">Element type of <paramref name="bytes"/>.</param>
    /// <param name="rows">Rows (output width); not negative.</param>
    /// <param name="cols">Columns (input width); not negative.</param>
    /// <param name="bytes">Raw elements [rows * dtype.RowBytes(cols)]: for block types, each row's
    /// blocks back to back.</param>
    /// <exception cref="ArgumentException">The shape is negative, <paramref name="cols"/> is not a
    /// whole number of blocks, or the byte count does not match the shape.</exception>
    public static WeightMatrix FromBytes(string name, DType dtype, int rows, int cols, ReadOnlySpan<byte> bytes)
    {
        if (rows < 0 || cols < 0)
            throw new ArgumentException($"{name}: negative shape [{rows}, {cols}]");
        long expected = rows * CheckedRowBytes(name, dtype, cols);
        if (bytes.Length != expected)
            throw new ArgumentException(
                $"{name}: {bytes.Length} bytes for [{rows}, {cols}] {dtype}, expected {expected}");
        var buf = GC.AllocateUninitializedArray<byte>(bytes.Length, pinned: true);
        bytes.CopyTo(buf);
        return Pinned(name, dtype, rows, cols, buf);
    }

    static void CheckShape(string name, int count, int rows, int cols)
    {
        if (rows < 0 || cols < 0 || count != (long)rows * cols)
            throw new ArgumentException($"{name}: {count} values for shape [{rows}, {cols}]");
    }

    static long CheckedRowBytes(string name, DType dtype, int cols)
    {
        int block = dtype.BlockSize();
        if (cols % block != 0)
            throw new ArgumentException(
                $"{name}: {cols} columns is not a whole number of {dtype} blocks of {block}; " +
                "store this tensor as F32, F16 or BF16", nameof(cols));
        return dtype.RowBytes(cols);
    }

    static WeightMatrix Pinned(string name, DType dtype, int rows, int cols, byte[] buf)
    {
        byte* data = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buf));
        return new WeightMatrix(name, dtype, rows, cols, data, buf);
    }

    /// <summary>Raw bytes of row <paramref name="r"/>.</summary>
    public ReadOnlySpan<byte> RowBytes(int r)
    {
        int rowBytes = (int)RowByteCount;
        return new ReadOnlySpan<byte>(Data + (long)r * rowBytes, rowBytes);
    }

    /// <summary>Raw bytes of the whole matrix.</summary>
    public ReadOnlySpan<byte> AllBytes() => new(Data, checked((int)ByteSize));

    /// <summary>
    /// Converts row <paramref name="r"/> to F32 into <paramref name="destination"/> [Cols];
    /// block types are dequantised block by block.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="r"/> is not a row.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than Cols.</exception>
    public void ReadRow(int r, Span<float> destination)
    {
        if ((uint)r >= (uint)Rows)
            throw new ArgumentOutOfRangeException(nameof(r), $"{Name}: row {r} of {Rows}");
        if (destination.Length < Cols)
            throw new ArgumentException(
                $"{Name}: destination has {destination.Length} values, expected {Cols}", nameof(destination));
        if (DType.IsQuantized())
            GgufQuant.Dequantize(DType.ToGgml(), RowBytes(r), destination[..Cols]);
        else
            Convert.ToSingle(DType, RowBytes(r), destination[..Cols]);
    }

    /// <summary>All elements as a new F32 array [Rows * Cols].</summary>
    public float[] ToArray()
    {
        var result = new float[(long)Rows * Cols];
        for (int r = 0; r < Rows; r++)
            ReadRow(r, result.AsSpan(r * Cols, Cols));
        return result;
    }
}
