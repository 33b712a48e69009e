using System.Runtime.InteropServices;
using Vane.Loading.Gguf;
using Vane.Tensors;

namespace Vane.Kernels;

/// <summary>
/// A linear layer's weights W [Outputs, Inputs] (y = W x) stored input-major, i.e. as W^T:
/// one contiguous row of Outputs values per input channel k. Skipping an inactive input channel
/// then skips one contiguous row, which is what <see cref="SparseMatVec"/> relies on.
/// </summary>
/// <remarks>
/// Layout: channel k's row starts at byte k * RowStride. F32 rows are Outputs floats. Q8_0 rows
/// hold the same numbers as Outputs / 32 ggml Q8_0 blocks (an fp16 scale d and 32 int8 codes per
/// 32 consecutive outputs of that channel, so Outputs must be a multiple of 32), but split: the
/// row's fp16 scales first, padded to a 64-byte line, then its int8 codes, padded to a line. The
/// kernel then converts a row's scales sixteen at a time and reads the codes in aligned lines,
/// instead of converting one scale per 34-byte block. The scales are per (channel, 32 outputs),
/// not the source's per (output, 32 inputs): a Q8_0 source is dequantised and quantised again
/// along the other axis, which rounds once more.
/// The memory is a <see cref="HugePageBuffer"/> owned by the matrix (2 MiB aligned, huge pages
/// where the system grants them), freed when the matrix is collected.
/// </remarks>
public sealed unsafe class InputMajorMatrix
{
    readonly HugePageBuffer _buffer; // Data points into it

    /// <summary>Name of the source tensor, used in error messages.</summary>
    public string Name { get; }

    /// <summary>Stored element type: F32 or Q8_0.</summary>
    public DType DType { get; }

    /// <summary>Output width N of the layer (values per stored row).</summary>
    public int Outputs { get; }

    /// <summary>Input width K of the layer (number of stored rows, one per input channel).</summary>
    public int Inputs { get; }

    /// <summary>Bytes of data in one input channel's row (what reading the row costs, padding
    /// aside): 4 * Outputs for F32, 34 per 32 outputs for Q8_0.</summary>
    public long RowByteCount => DType.RowBytes(Outputs);

    /// <summary>Bytes from one channel's row to the next (RowByteCount plus padding for Q8_0).</summary>
    public long RowStride => Stride(DType, Outputs);

    /// <summary>Bytes of data in the whole matrix, as a dense product would read them.</summary>
    public long ByteSize => Inputs * RowByteCount;

    /// <summary>Where a Q8_0 row's int8 codes start: after its Outputs / 32 fp16 scales, padded
    /// to a 64-byte line.</summary>
    internal static long CodesOffset(int outputs) => Line(outputs / 32 * 2L);

    static long Line(long bytes) => (bytes + 63) & ~63L;

    static long Stride(DType dtype, int outputs) =>
        dtype == DType.Q8_0 ? CodesOffset(outputs) + Line(outputs) : dtype.RowBytes(outputs);

    /// <summary>Start of channel 0's row; valid while the matrix is reachable (kernels call
    /// GC.KeepAlive on it after their last read).</summary>
    internal byte* Data => _buffer.Pointer;

    /// <summary>Whether the system backs the rows with huge pages (see <see cref="HugePageBuffer"/>).</summary>
    public bool HugePages => _buffer.Advised;

    InputMajorMatrix(string name, DType dtype, int outputs, int inputs, HugePageBuffer buffer)
    {
        Name = name;
        DType = dtype;
        Outputs = outputs;
        Inputs = inputs;
        _buffer = buffer;
    }

    /// <summary>
    /// Builds the input-major copy of <paramref name="w"/> [Rows = N, Cols = K] in the layout
    /// closest to its own; done once per layer at load. F32, F16 and BF16 sources become F32 rows
    /// (exact); block-quantised sources (Q8_0, Q4_0, Q4_K, Q6_K) become Q8_0 rows quantised in
    /// blocks of 32 outputs, or F32 rows when N is not a multiple of 32 (see the type's remarks).
    /// </summary>
    /// <param name="w">Source weights [N, K].</param>
    /// <exception cref="ArgumentNullException"><paramref name="w"/> is null.</exception>
    public static InputMajorMatrix FromWeights(WeightMatrix w) => FromWeights(w, StoredType(w));

    /// <summary>The type <see cref="FromWeights(WeightMatrix)"/> stores <paramref name="w"/> as:
    /// F32 for F32, F16 and BF16; Q8_0 for block types with whole 32-output blocks, else F32.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="w"/> is null.</exception>
    public static DType StoredType(WeightMatrix w)
    {
        ArgumentNullException.ThrowIfNull(w);
        bool quantised = w.DType is not (DType.F32 or DType.F16 or DType.BF16);
        return quantised && w.Rows % 32 == 0 ? DType.Q8_0 : DType.F32;
    }

    /// <summary>
    /// Builds the input-major copy of <paramref name="w"/> [N, K], any source dtype, stored as
    /// <paramref name="dtype"/>: F32 (exact up to the source's own rounding) or Q8_0 (the
    /// dequantised source quantised again in blocks of 32 outputs per input channel).
    /// </summary>
    /// <param name="w">Source weights [N, K].</param>
    /// <param name="dtype">Stored type: F32 or Q8_0.</param>
    /// <exception cref="ArgumentNullException"><paramref name="w"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="dtype"/> is Q8_0 and N is not a
    /// multiple of 32.</exception>
    /// <exception cref="NotSupportedException"><paramref name="dtype"/> is neither F32 nor
    /// Q8_0.</exception>
    public static InputMajorMatrix FromWeights(WeightMatrix w, DType dtype)
    {
        ArgumentNullException.ThrowIfNull(w);
        return Build(w.Name, [w], dtype, nameof(w));
    }

    /// <summary>
    /// Builds one input-major copy of several matrices that read the same input, their outputs
    /// one after another: channel k's row is W1[:, k], then W2[:, k], ... (e.g. q, k and v, whose
    /// products then share one pass over the active channels, with rows long enough to stream).
    /// </summary>
    /// <param name="name">Name used in error messages.</param>
    /// <param name="parts">Source matrices [N_i, K], all with the same K.</param>
    /// <param name="dtype">Stored type: F32, or Q8_0 when the total outputs are a multiple of 32.</param>
    /// <exception cref="ArgumentException">No parts, widths differ, or Q8_0 with outputs that
    /// are not a multiple of 32.</exception>
    /// <exception cref="NotSupportedException"><paramref name="dtype"/> is neither F32 nor
    /// Q8_0.</exception>
    public static InputMajorMatrix Stacked(string name, IReadOnlyList<WeightMatrix> parts, DType dtype)
    {
        ArgumentNullException.ThrowIfNull(parts);
        return Build(name, parts, dtype, nameof(parts));
    }

    static InputMajorMatrix Build(string name, IReadOnlyList<WeightMatrix> parts, DType dtype, string paramName)
    {
        if (parts.Count == 0)
            throw new ArgumentException($"{name}: no matrices to stack", paramName);
        if (dtype is not (DType.F32 or DType.Q8_0))
            throw new NotSupportedException(
                $"{name}: sparse kernels store input-major weights as F32 or Q8_0, not {dtype}");
        int k = parts[0].Cols, n = 0;
        foreach (var part in parts)
        {
            if (part.Cols != k)
                throw new ArgumentException(
                    $"{name}: {part.Name} reads {part.Cols} inputs, {parts[0].Name} reads {k}", paramName);
            n += part.Rows;
        }
        if (dtype == DType.Q8_0 && n % 32 != 0)
            throw new ArgumentException(
                $"{name}: {n} outputs is not a multiple of 32, so an input channel's row cannot " +
                "be stored as Q8_0 blocks; convert this layer to F32", paramName);

        float[] transposed = Transposed(parts, n, k); // [K, N]
        long stride = Stride(dtype, n);
        var buffer = new HugePageBuffer(checked(k * stride));
        var bytes = buffer.Span;
        if (dtype == DType.F32)
            MemoryMarshal.AsBytes(transposed.AsSpan()).CopyTo(bytes);
        else
        {
            bytes.Clear(); // padding
            var blocks = new byte[dtype.RowBytes(n)];
            for (int c = 0; c < k; c++)
            {
                GgufQuant.Quantize(GgmlType.Q8_0, transposed.AsSpan(c * n, n), blocks);
                SplitBlocks(blocks, n, bytes.Slice((int)(c * stride), (int)stride));
            }
        }
        return new InputMajorMatrix(name, dtype, n, k, buffer);
    }

    /// <summary>ggml Q8_0 blocks [n / 32 x (fp16 d, 32 codes)] into a split row: scales, then
    /// codes at <see cref="CodesOffset"/>.</summary>
    static void SplitBlocks(ReadOnlySpan<byte> blocks, int n, Span<byte> row)
    {
        int codes = (int)CodesOffset(n);
        for (int b = 0; b < n / 32; b++)
        {
            var block = blocks.Slice(b * 34, 34);
            block[..2].CopyTo(row.Slice(b * 2, 2));
            block[2..].CopyTo(row.Slice(codes + b * 32, 32));
        }
    }

    /// <summary>The parts' rows stacked [N, K] and transposed to [K, N] as F32, reading the
    /// sources one row at a time.</summary>
    static float[] Transposed(IReadOnlyList<WeightMatrix> parts, int n, int k)
    {
        var result = new float[(long)n * k];
        var row = new float[k];
        int r0 = 0;
        foreach (var w in parts)
        {
            for (int r = 0; r < w.Rows; r++)
            {
                w.ReadRow(r, row);
                for (int c = 0; c < k; c++)
                    result[(long)c * n + r0 + r] = row[c];
            }
            r0 += w.Rows;
        }
        return result;
    }

    /// <summary>
    /// Input channel <paramref name="k"/>'s weights to every output, W[:, k], as F32 into
    /// <paramref name="destination"/> [Outputs]; Q8_0 rows are dequantised.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is not a channel.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than
    /// Outputs.</exception>
    public void ReadChannel(int k, Span<float> destination)
    {
        if ((uint)k >= (uint)Inputs)
            throw new ArgumentOutOfRangeException(nameof(k), $"{Name}: channel {k} of {Inputs}");
        if (destination.Length < Outputs)
            throw new ArgumentException(
                $"{Name}: destination has {destination.Length} values, expected {Outputs}",
                nameof(destination));
        byte* row = Data + k * RowStride;
        if (DType == DType.Q8_0)
        {
            sbyte* codes = (sbyte*)(row + CodesOffset(Outputs));
            for (int b = 0; b < Outputs / 32; b++)
            {
                float d = QuantRows.Half16(row + 2 * b);
                for (int j = 0; j < 32; j++)
                    destination[b * 32 + j] = codes[b * 32 + j] * d;
            }
        }
        else
            new ReadOnlySpan<float>(row, Outputs).CopyTo(destination);
        GC.KeepAlive(this);
    }

    /// <summary>
    /// The matrix back in the usual [N, K] output-major F32 layout, with exactly the values this
    /// copy holds (dequantised); a reference for tests and for checking accuracy.
    /// </summary>
    public WeightMatrix ToWeightMatrix()
    {
        var values = new float[(long)Outputs * Inputs];
        var channel = new float[Outputs];
        for (int c = 0; c < Inputs; c++)
        {
            ReadChannel(c, channel);
            for (int r = 0; r < Outputs; r++)
                values[(long)r * Inputs + c] = channel[r];
        }
        return WeightMatrix.FromArray(Name, values, Outputs, Inputs);
    }
}
