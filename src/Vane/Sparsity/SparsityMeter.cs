using Vane.Hooks;
using Vane.Model;
using Vane.Tensors;

namespace Vane.Sparsity;

/// <summary>
/// Measures the actual sparsity during runs: the share of exact zeros in the input each projection
/// of each block reads, over rows at positions at or past <see cref="SparsityPlan.DenseTokens"/>.
/// It counts each projection's own copy of its input (an <see cref="ILinearInputFilter"/>), so a
/// mask for some readers only (CHESS: q, not k or v) is measured where it applies.
/// Register it after the masks so that it sees their result.
/// </summary>
public sealed class SparsityMeter : IDisposable
{
    static readonly int Projections = Enum.GetValues<Projection>().Length;

    readonly long[,] _zeros;  // [NLayers, Projections]
    readonly long[,] _total;  // [NLayers, Projections]
    readonly IDisposable _registration;

    /// <summary>Starts counting the inputs of every projection of <paramref name="model"/>.</summary>
    /// <param name="hooks">The hook set of the runs to measure.</param>
    /// <param name="model">The model those runs compute.</param>
    /// <param name="denseTokens">Rows at positions below this are not counted (dense prefill).</param>
    public SparsityMeter(HookSet hooks, TransformerModel model, int denseTokens = 0)
    {
        int n = model.Config.NLayers;
        _zeros = new long[n, Projections];
        _total = new long[n, Projections];
        var where = new Dictionary<WeightMatrix, (int, Projection)>(ReferenceEqualityComparer.Instance);
        for (int l = 0; l < n; l++)
            foreach (var p in Enum.GetValues<Projection>())
                if (SparseInputs.Matrix(model.Layers[l], p) is { } w)
                    where[w] = (l, p);
        _registration = hooks.AddInputFilter(new Counter(this, where, denseTokens));
    }

    /// <summary>Share of zeros (0 to 1) in the input <paramref name="p"/> of block
    /// <paramref name="layer"/> read; 0 for a projection the model lacks.</summary>
    public double Sparsity(int layer, Projection p) =>
        _total[layer, (int)p] == 0 ? 0 : (double)_zeros[layer, (int)p] / _total[layer, (int)p];

    /// <summary>
    /// Share of zeros (0 to 1) in <paramref name="input"/> of block <paramref name="layer"/> as its
    /// sparsest reader reads it: the masked copy when a rule masks some readers only (CHESS's q).
    /// </summary>
    public double Sparsity(int layer, SparseInput input) =>
        SparseInputs.Readers(input).Max(p => Sparsity(layer, p));

    /// <summary>
    /// Sparsity of block <paramref name="layer"/> weighted by the parameters each projection reads
    /// with: the share of the block's weights a sparse kernel would skip.
    /// </summary>
    public double Effective(int layer, LayerWeights weights)
    {
        double saved = 0, total = 0;
        foreach (var p in Enum.GetValues<Projection>())
            if (SparseInputs.Matrix(weights, p) is { } w)
            {
                long size = (long)w.Rows * w.Cols;
                saved += Sparsity(layer, p) * size;
                total += size;
            }
        return saved / total;
    }

    /// <summary>Stops counting.</summary>
    public void Dispose() => _registration.Dispose();

    sealed class Counter(
        SparsityMeter meter,
        Dictionary<WeightMatrix, (int Layer, Projection P)> where,
        int denseTokens) : ILinearInputFilter
    {
        public bool Filters(WeightMatrix w) => where.ContainsKey(w);

        public void Filter(WeightMatrix w, Span<float> x, TokenBatch batch)
        {
            var (layer, p) = where[w];
            for (int r = 0; r < batch.Count; r++)
            {
                if (batch.Positions[r] < denseTokens)
                    continue;
                int zeros = 0;
                foreach (float v in x.Slice(r * w.Cols, w.Cols))
                    if (v == 0)
                        zeros++;
                meter._zeros[layer, (int)p] += zeros;
                meter._total[layer, (int)p] += w.Cols;
            }
        }
    }
}
