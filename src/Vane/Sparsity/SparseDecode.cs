using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Vane.Kernels;
using Vane.Model;
using Vane.Tensors;

namespace Vane.Sparsity;

/// <summary>
/// A <see cref="SparsityPlan"/> made executable: each sparsified projection gets an input-major
/// copy of its weights, and single-row (decode) products read only the rows of input channels
/// that pass the plan's threshold (|x| for TEAL, |x| * column norm for WINA). Only the readers a
/// rule masks go sparse: under CHESS q reads the attention input sparsely while k and v stay dense.
/// Set it as <see cref="ForwardPass.Sparse"/>. CHESS's MLP rule (a threshold on act(gate), which
/// the down product does not see) stays dense here.
/// Costs a second copy of the sparsified weights in memory (F32 stays F32; Q8_0 stays Q8_0).
/// Readers of one input under one plain threshold share a stacked copy (<see cref="StackType"/>):
/// the first of them to run computes all their outputs in one pass over the active channels, and
/// the others take theirs, as long as their input is bit-identical to that pass's.
/// </summary>
public sealed class SparseDecode : ISparseLinear
{
    readonly Dictionary<WeightMatrix, Entry> _entries = new(ReferenceEqualityComparer.Instance);

    [ThreadStatic] static int[]? t_active;

    long _bytesRead, _bytesDense; // since the last ResetCounters, over the replaced matrices

    sealed record Entry(InputMajorMatrix Matrix, float Threshold, float[]? Scale)
    {
        public Stack? Shared { get; init; } // set when Matrix holds several readers' outputs
        public int Offset { get; init; }    // this reader's first output in Matrix
    }

    /// <summary>A stacked copy; each thread keeps its last pass over it (<see cref="Pass"/>),
    /// which holds no reference back, so the copy goes when the decoder does.</summary>
    sealed class Stack(InputMajorMatrix matrix)
    {
        public InputMajorMatrix Matrix { get; } = matrix;
        public ThreadLocal<Pass> Passes { get; } = new(() => new Pass(matrix.Inputs, matrix.Outputs));
    }

    /// <summary>One thread's last product of a stack: its input and all outputs.</summary>
    sealed class Pass(int inputs, int outputs)
    {
        public readonly float[] X = new float[inputs], Y = new float[outputs];
        public bool Valid;
    }

    /// <summary>Number of matrices replaced.</summary>
    public int Count => _entries.Count;

    /// <summary>Number of input-major copies (stacked readers share one).</summary>
    public int CopyCount => _entries.Values.Select(e => e.Matrix).Distinct().Count();

    /// <summary>Bytes of the input-major copies.</summary>
    public long ByteSize => _entries.Values.Select(e => e.Matrix).Distinct().Sum(m => m.ByteSize);

    /// <summary>
    /// The fraction of the replaced matrices' weight bytes that the products since the last
    /// <see cref="ResetCounters"/> skipped: the sparsity the decode really ran at, weighted by
    /// matrix size (NaN before any product).
    /// </summary>
    public double SkippedFraction
    {
        get
        {
            long dense = Interlocked.Read(ref _bytesDense);
            return dense == 0 ? double.NaN : 1 - (double)Interlocked.Read(ref _bytesRead) / dense;
        }
    }

    /// <summary>Starts <see cref="SkippedFraction"/> afresh.</summary>
    public void ResetCounters()
    {
        Interlocked.Exchange(ref _bytesRead, 0);
        Interlocked.Exchange(ref _bytesDense, 0);
    }

    /// <summary>Prepares the sparse products of <paramref name="plan"/> for <paramref name="model"/>.</summary>
    /// <exception cref="InvalidDataException">The plan is for another model, or a rule names a
    /// projection that does not read its input.</exception>
    public static SparseDecode Build(TransformerModel model, SparsityPlan plan)
    {
        plan.Model.Check(model, "the sparsity plan");
        var decode = new SparseDecode();
        for (int l = 0; l < model.Config.NLayers; l++)
            foreach (var input in SparseInputs.All)
            {
                var rule = plan.Rule(l, input);
                if (!rule.IsActive || rule.OnGateActivation)
                    continue;
                var readers = SparseInputs.MaskedReaders(input, rule)
                    .Select(p => SparseInputs.Matrix(model.Layers[l], p)).OfType<WeightMatrix>().ToList();
                if (rule.Scale is null && StackType(readers) is { } dtype)
                    decode.AddStack(readers, rule.Threshold, dtype);
                else
                    foreach (var w in readers)
                        decode._entries[w] = new Entry(InputMajorMatrix.FromWeights(w), rule.Threshold, rule.Scale);
            }
        return decode;
    }

    /// <summary>
    /// The stored type of one stacked copy for readers of one input, or null to keep a copy each.
    /// Stacks are built where they measured faster (bench/Vane.Bench sparse --cold, Qwen2.5-0.5B
    /// shapes): q, k and v (rows of 896 + 128 + 128 outputs instead of two 128-output rows, which
    /// are too short to stream and read slower than dense); gate and up only as Q8_0 (5.2 KB rows
    /// twice as long; in F32 the 38 KB rows and outputs overflow the L1 cache and read slower).
    /// </summary>
    static DType? StackType(IReadOnlyList<WeightMatrix> readers)
    {
        if (readers.Count < 2)
            return null;
        var single = readers.Select(w => InputMajorMatrix.StoredType(w)).Distinct().ToList();
        if (single.Count != 1)
            return null;
        int outputs = readers.Sum(w => w.Rows);
        DType dtype = single[0];
        if (dtype == DType.Q8_0 && outputs % 32 != 0)
            return null;
        bool smallReader = readers.Any(w => w.Rows < w.Cols / 2);
        return smallReader || dtype == DType.Q8_0 ? dtype : null;
    }

    void AddStack(List<WeightMatrix> readers, float threshold, DType dtype)
    {
        var matrix = InputMajorMatrix.Stacked(string.Join("+", readers.Select(w => w.Name)), readers, dtype);
        var stack = new Stack(matrix);
        int offset = 0;
        foreach (var w in readers)
        {
            _entries[w] = new Entry(matrix, threshold, null) { Shared = stack, Offset = offset };
            offset += w.Rows;
        }
    }

    /// <inheritdoc/>
    public bool TryMultiply(WeightMatrix w, ReadOnlySpan<float> x, ReadOnlySpan<float> bias, Span<float> y)
    {
        if (!_entries.TryGetValue(w, out var e))
            return false;
        if (e.Shared is { } stack)
        {
            var pass = StackPass(stack, x, e.Threshold);
            pass.Y.AsSpan(e.Offset, y.Length).CopyTo(y);
            if (!bias.IsEmpty)
                TensorPrimitives.Add(y, bias, y);
            return true;
        }
        if (e.Scale is null)
        {
            Tally(e.Matrix, SparseMatVec.Multiply(x, e.Matrix, e.Threshold, bias, y));
            return true;
        }
        // WINA: channel i is active when |x_i| * ||W[:, i]|| passes the threshold
        if (t_active is null || t_active.Length < x.Length)
            t_active = new int[Math.Max(x.Length, 1024)];
        int n = 0;
        for (int i = 0; i < x.Length; i++)
            if (MathF.Abs(x[i]) * e.Scale[i] > e.Threshold)
                t_active[n++] = i;
        SparseMatVec.Multiply(x, e.Matrix, t_active.AsSpan(0, n), bias, y);
        Tally(e.Matrix, n);
        return true;
    }

    /// <summary>This thread's pass over <paramref name="stack"/> for input x: the last one when
    /// its input was bit-identical, else a new product of all the stacked outputs.</summary>
    Pass StackPass(Stack stack, ReadOnlySpan<float> x, float threshold)
    {
        var pass = stack.Passes.Value!;
        if (pass.Valid && MemoryMarshal.AsBytes(x).SequenceEqual(MemoryMarshal.AsBytes(pass.X.AsSpan())))
            return pass; // the same input gives the same outputs
        Tally(stack.Matrix, SparseMatVec.Multiply(x, stack.Matrix, threshold, [], pass.Y));
        x.CopyTo(pass.X);
        pass.Valid = true;
        return pass;
    }

    void Tally(InputMajorMatrix m, int active)
    {
        Interlocked.Add(ref _bytesRead, active * m.RowByteCount);
        Interlocked.Add(ref _bytesDense, m.ByteSize);
    }
}
