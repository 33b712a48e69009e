using Vane.Hooks;
using Vane.Model;

namespace Vane.Sparsity;

/// <summary>
/// Measures the actual sparsity during runs: the share of exact zeros at each projection input
/// of each block, over rows at positions at or past <see cref="SparsityPlan.DenseTokens"/>.
/// Register it after the masking hooks so that it sees their result.
/// </summary>
public sealed class SparsityMeter : IDisposable
{
    readonly long[,] _zeros;  // [NLayers, 4]
    readonly long[,] _total;  // [NLayers, 4]
    readonly List<IDisposable> _regs = [];
    readonly int _denseTokens;

    /// <summary>Starts counting at every input site of <paramref name="hooks"/>'s model.</summary>
    /// <param name="hooks">The hook set of the runs to measure.</param>
    /// <param name="denseTokens">Rows at positions below this are not counted (dense prefill).</param>
    public SparsityMeter(HookSet hooks, int denseTokens = 0)
    {
        int n = hooks.NLayers;
        _zeros = new long[n, 4];
        _total = new long[n, 4];
        _denseTokens = denseTokens;
        for (int l = 0; l < n; l++)
            foreach (var k in SparseInputs.All)
            {
                int layer = l, kind = (int)k;
                _regs.Add(hooks.Add(SparseInputs.Site(l, k), ctx => Count(ctx, layer, kind)));
            }
    }

    void Count(HookContext ctx, int layer, int kind)
    {
        for (int r = 0; r < ctx.Rows; r++)
        {
            if (ctx.Positions[r] < _denseTokens)
                continue;
            var row = ctx.Row(r);
            int zeros = 0;
            foreach (float v in row)
                if (v == 0)
                    zeros++;
            _zeros[layer, kind] += zeros;
            _total[layer, kind] += row.Length;
        }
    }

    /// <summary>Share of zeros (0 to 1) at <paramref name="input"/> of block <paramref name="layer"/>.</summary>
    public double Sparsity(int layer, SparseInput input) =>
        _total[layer, (int)input] == 0 ? 0 : (double)_zeros[layer, (int)input] / _total[layer, (int)input];

    /// <summary>
    /// Sparsity of block <paramref name="layer"/> weighted by the parameters each input reads: the
    /// share of the block's weights a sparse kernel would skip.
    /// </summary>
    public double Effective(int layer, LayerWeights weights)
    {
        double saved = 0, total = 0;
        foreach (var k in SparseInputs.All)
        {
            long size = SparseInputs.Size(weights, k);
            saved += Sparsity(layer, k) * size;
            total += size;
        }
        return saved / total;
    }

    /// <summary>Stops counting.</summary>
    public void Dispose() => _regs.ForEach(r => r.Dispose());
}
