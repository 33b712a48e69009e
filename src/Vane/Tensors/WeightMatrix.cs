using System.Runtime.CompilerServices;

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
    public static WeightMatrix FromArray(string name, ReadOnlySpan<float> values, int rows, int cols)
    {
        if (values.Length != (long)rows * cols)
            throw new ArgumentException($"{name}: {values.Length} values for shape [{rows}, {cols}]");
        var buf = GC.AllocateUninitializedArray<byte>(values.Length * 4, pinned: true);
        values.CopyTo(new Span<float>(Unsafe.AsPointer(ref buf[0]), values.Length));
        return new WeightMatrix(name, DType.F32, rows, cols, (byte*)Unsafe.AsPointer(ref buf[0]), buf);
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
