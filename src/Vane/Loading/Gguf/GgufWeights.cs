using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Vane.Tensors;

namespace Vane.Loading.Gguf;

/// <summary>
/// The one place a GGUF tensor becomes a <see cref="WeightMatrix"/> or a float vector.
/// Rows of any type Vane computes with (F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q6_K) taken in file
/// order are mapped without a copy (the matrix keeps the <see cref="GgufFile"/> alive); reordered
/// rows are copied in their stored type. Other types are dequantised to F32.
/// </summary>
static unsafe class GgufWeights
{
    /// <summary>
    /// Rows <paramref name="sourceRows"/> of <paramref name="info"/> (each <paramref name="cols"/> wide)
    /// as a matrix [sourceRows.Length, cols] named <paramref name="name"/>.
    /// The caller has checked the tensor's shape; rows out of range are an ArgumentException.
    /// </summary>
    public static WeightMatrix Matrix(
        GgufFile file,
        GgufTensorInfo info,
        string name,
        int[] sourceRows,
        int cols)
    {
        if (info.RowLength != cols || sourceRows.Any(r => r < 0 || r >= info.Rows))
            throw new ArgumentException($"{name}: rows or width outside tensor {info.Name} {info.DimsText}");
        int rows = sourceRows.Length;
        if (StoredType(info.Type) is not DType dtype)
            return WeightMatrix.FromArray(name, Dequantize(file, info, sourceRows), rows, cols);
        if (rows > 0 && IsRun(sourceRows))
            return new WeightMatrix(name, dtype, rows, cols, Pointer(file.RowBytes(info, sourceRows[0])), file);
        return WeightMatrix.FromBytes(name, dtype, rows, cols, CopyRows(file, info, sourceRows));
    }

    /// <summary>The whole of <paramref name="info"/> as a matrix [rows, cols] (rows in file order).</summary>
    public static WeightMatrix Matrix(GgufFile file, GgufTensorInfo info, int rows, int cols) =>
        Matrix(file, info, info.Name, Enumerable.Range(0, rows).ToArray(), cols);

    /// <summary>A 1-D tensor as F32 values, its elements optionally reordered by <paramref name="order"/>.</summary>
    public static float[] Vector(GgufFile file, GgufTensorInfo info, int[]? order = null)
    {
        float[] values = file.ReadFloats(info.Name);
        return order is null ? values : QkPermutation.Apply(values, order, 1);
    }

    /// <summary>The Vane dtype a GGUF type maps onto without conversion, or null when Vane has none.</summary>
    public static DType? StoredType(GgmlType type) => DTypes.FromGgml(type);

    static bool IsRun(int[] rows)
    {
        for (int i = 1; i < rows.Length; i++)
            if (rows[i] != rows[0] + i)
                return false;
        return true;
    }

    // The file is mapped, not managed memory: the address stays valid until it is disposed.
    static byte* Pointer(ReadOnlySpan<byte> bytes) =>
        (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(bytes));

    static byte[] CopyRows(GgufFile file, GgufTensorInfo info, int[] sourceRows)
    {
        int rowBytes = checked((int)info.RowBytes);
        var result = new byte[checked(sourceRows.Length * rowBytes)];
        for (int r = 0; r < sourceRows.Length; r++)
            file.RowBytes(info, sourceRows[r]).CopyTo(result.AsSpan(r * rowBytes, rowBytes));
        return result;
    }

    static float[] Dequantize(GgufFile file, GgufTensorInfo info, int[] sourceRows)
    {
        int cols = (int)info.RowLength;
        var result = new float[checked(sourceRows.Length * cols)];
        for (int r = 0; r < sourceRows.Length; r++)
            GgufQuant.Dequantize(info.Type, file.RowBytes(info, sourceRows[r]), result.AsSpan(r * cols, cols));
        return result;
    }
}
