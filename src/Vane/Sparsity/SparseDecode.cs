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
/// </summary>
public sealed class SparseDecode : ISparseLinear
{
    readonly Dictionary<WeightMatrix, Entry> _entries = new(ReferenceEqualityComparer.Instance);

    [ThreadStatic] static int[]? t_active;

    long _bytesRead, _bytesDense; // since the last ResetCounters, over the replaced matrices

    sealed record Entry(InputMajorMatrix Matrix, float Threshold, float[]? Scale);

    /// <summary>Number of matrices replaced.</summary>
    public int Count => _entries.Count;

    /// <summary>Bytes of the input-major copies.</summary>
    public long ByteSize => _entries.Values.Sum(e => e.Matrix.ByteSize);

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
                foreach (var p in SparseInputs.MaskedReaders(input, rule))
                    if (SparseInputs.Matrix(model.Layers[l], p) is { } w)
                        decode._entries[w] = new Entry(InputMajorMatrix.FromWeights(w), rule.Threshold, rule.Scale);
            }
        return decode;
    }

    /// <inheritdoc/>
    public bool TryMultiply(WeightMatrix w, ReadOnlySpan<float> x, ReadOnlySpan<float> bias, Span<float> y)
    {
        if (!_entries.TryGetValue(w, out var e))
            return false;
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

    void Tally(InputMajorMatrix m, int active)
    {
        Interlocked.Add(ref _bytesRead, active * m.RowByteCount);
        Interlocked.Add(ref _bytesDense, m.ByteSize);
    }
}
