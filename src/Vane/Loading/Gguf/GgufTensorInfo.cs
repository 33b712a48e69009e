namespace Vane.Loading.Gguf;

/// <summary>One tensor's entry in a GGUF file, already checked to lie inside the file.</summary>
/// <param name="Name">Tensor name.</param>
/// <param name="Type">Element type.</param>
/// <param name="Dims">Dimensions in ggml order: Dims[0] (ne[0]) is the innermost, fastest-varying one.</param>
/// <param name="Offset">Start of the data, from the start of the file.</param>
/// <param name="ByteLength">Bytes of data.</param>
public sealed record GgufTensorInfo(string Name, GgmlType Type, long[] Dims, long Offset, long ByteLength)
{
    /// <summary>Values per row: Dims[0].</summary>
    public long RowLength => Dims.Length == 0 ? 1 : Dims[0];

    /// <summary>Number of rows: the product of Dims[1..] (1 for a vector).</summary>
    public long Rows => Dims.Skip(1).Aggregate(1L, (a, b) => a * b);

    /// <summary>Number of values: RowLength * Rows.</summary>
    public long ElementCount => RowLength * Rows;

    /// <summary>Bytes of one row.</summary>
    public long RowBytes => Type.RowBytes(RowLength);

    /// <summary>The dimensions as "[ne0, ne1, ...]" (ggml order, innermost first).</summary>
    public string DimsText => "[" + string.Join(", ", Dims) + "]";
}
