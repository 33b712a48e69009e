using Vane.Evaluation;
using Vane.Hooks;
using Vane.Model;

namespace Vane.Sparsity;

/// <summary>The quality and measured sparsity of one plan on held-out tokens.</summary>
/// <param name="Method">Method of the plan.</param>
/// <param name="Target">Target sparsity (0 to 1).</param>
/// <param name="Perplexity">Perplexity of the held-out tokens with the plan applied.</param>
/// <param name="Measured">Measured share of zeros per block and input [NLayers][4], as the input's
/// sparsest reader reads it (CHESS's Qkv entry: q's input; k and v read it dense).</param>
/// <param name="Effective">Measured sparsity per block [NLayers], weighted by each projection's
/// parameters.</param>
/// <param name="Targets">What each input was planned to measure [NLayers][4]: its rule's
/// <see cref="InputRule.Sparsity"/> (the uniform target, a greedy allocation, 0 where dense).</param>
public sealed record SparsityResult(
    SparsityMethod Method,
    double Target,
    double Perplexity,
    double[][] Measured,
    double[] Effective,
    double[][] Targets)
{
    /// <summary>The input whose measured sparsity is farthest from its target, and by how much
    /// (measured - target, -1 to 1).</summary>
    public (int Layer, SparseInput Input, double Deviation) WorstInput()
    {
        var worst = (Layer: 0, Input: SparseInput.Qkv, Deviation: 0.0);
        for (int l = 0; l < Measured.Length; l++)
            foreach (var k in SparseInputs.All)
            {
                double d = Measured[l][(int)k] - Targets[l][(int)k];
                if (Math.Abs(d) > Math.Abs(worst.Deviation))
                    worst = (l, k, d);
            }
        return worst;
    }
}

/// <summary>Runs perplexity with a plan's masking hooks and a <see cref="SparsityMeter"/>.</summary>
public static class SparsityEvaluation
{
    /// <summary>
    /// Perplexity of each token stream in <paramref name="texts"/> (token-weighted mean NLL,
    /// windows of <paramref name="window"/> every <paramref name="stride"/> tokens) with
    /// <paramref name="plan"/> applied, and the measured sparsity.
    /// </summary>
    public static SparsityResult Evaluate(
        TransformerModel model,
        SparsityPlan plan,
        IReadOnlyList<int[]> texts,
        int window = 256,
        int stride = 192,
        int? maxTokens = null)
    {
        var hooks = new HookSet(model.Config);
        using var masks = SparsityHooks.Register(hooks, plan, model);
        using var meter = new SparsityMeter(hooks, model, plan.DenseTokens);
        double nll = 0;
        long count = 0;
        window = Math.Min(window, model.Config.MaxPositions);
        foreach (var ids in texts)
        {
            var r = Perplexity.Compute(model, ids, window, Math.Min(stride, window - 1), hooks, maxTokens);
            nll += r.MeanNll * r.TokenCount;
            count += r.TokenCount;
        }
        int n = model.Config.NLayers;
        var measured = Enumerable.Range(0, n)
            .Select(l => SparseInputs.All.Select(k => meter.Sparsity(l, k)).ToArray()).ToArray();
        var effective = Enumerable.Range(0, n).Select(l => meter.Effective(l, model.Layers[l])).ToArray();
        var targets = plan.Layers.Select(rules => rules.Select(r => r.Sparsity).ToArray()).ToArray();
        return new SparsityResult(plan.Method, plan.Target, Math.Exp(nll / count), measured, effective, targets);
    }
}
