using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Vane.Tensors;

/// <summary>
/// A read-only weight matrix [Rows, Cols], row-major, kept in its stored dtype.
/// A linear layer computes y[r] = W[r, :] . x, so Cols is the input width.
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
    public long ByteSize => (long)Rows * Cols * DType.Size();

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
    /// Stores F32 values [rows, cols] as <paramref name="dtype"/> (rounding to nearest even) in
    /// pinned memory owned by the matrix; for tests and for converting a model's weights.
    /// </summary>
    /// <param name="name">Tensor name used in error messages.</param>
    /// <param name="values">Elements [rows * cols], row-major.</param>
    /// <param name="rows">Rows (output width); not negative.</param>
    /// <param name="cols">Columns (input width); not negative.</param>
    /// <param name="dtype">Element type to store.</param>
    /// <exception cref="ArgumentException">The shape is negative or does not match the values.</exception>
    public static WeightMatrix FromArray(
        string name,
        ReadOnlySpan<float> values,
        int rows,
        int cols,
        DType dtype)
    {
        CheckShape(name, values.Length, rows, cols);
        var buf = GC.AllocateUninitializedArray<byte>(values.Length * dtype.Size(), pinned: true);
        Convert.FromSingle(dtype, values, buf);
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
    /// <param name="bytes">Raw elements [rows * cols * dtype.Size()].</param>
    /// <exception cref="ArgumentException">The shape is negative or does not match the byte count.</exception>
    public static WeightMatrix FromBytes(string name, DType dtype, int rows, int cols, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length % dtype.Size() != 0)
            throw new ArgumentException($"{name}: {bytes.Length} bytes is not a whole number of {dtype} values");
        CheckShape(name, bytes.Length / dtype.Size(), rows, cols);
        var buf = GC.AllocateUninitializedArray<byte>(bytes.Length, pinned: true);
        bytes.CopyTo(buf);
        return Pinned(name, dtype, rows, cols, buf);
    }

    static void CheckShape(string name, int count, int rows, int cols)
    {
        if (rows < 0 || cols < 0 || count != (long)rows * cols)
            throw new ArgumentException($"{name}: {count} values for shape [{rows}, {cols}]");
    }

    static WeightMatrix Pinned(string name, DType dtype, int rows, int cols, byte[] buf)
    {
        byte* data = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buf));
        return new WeightMatrix(name, dtype, rows, cols, data, buf);
    }

    /// <summary>Raw bytes of row <paramref name="r"/>.</summary>
    public ReadOnlySpan<byte> RowBytes(int r)
    {
        int rowBytes = Cols * DType.Size();
        return new ReadOnlySpan<byte>(Data + (long)r * rowBytes, rowBytes);
    }

    /// <summary>Raw bytes of the whole matrix.</summary>
    public ReadOnlySpan<byte> AllBytes() => new(Data, checked((int)ByteSize));

    /// <summary>Converts row <paramref name="r"/> to F32 into <paramref name="destination"/> [Cols].</summary>
    public void ReadRow(int r, Span<float> destination)
    {
        if ((uint)r >= (uint)Rows)
            throw new ArgumentOutOfRangeException(nameof(r), $"{Name}: row {r} of {Rows}");
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
