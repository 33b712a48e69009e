using Vane.Model;

namespace Vane.Sparsity;

/// <summary>Turns a <see cref="Calibration"/> and a target sparsity into a <see cref="SparsityPlan"/>.</summary>
public static class PlanBuilder
{
    /// <summary>
    /// Thresholds for <paramref name="method"/> at <paramref name="target"/> (0 to 0.95):
    /// TEAL uniform: the target quantile of |x| at each input; TEAL greedy: per-input sparsities
    /// from <see cref="GreedyAllocation"/>; WINA: the target quantile of |x_i| * ||W[:, i]||;
    /// CHESS: q's copy of the attention input (k and v read it dense) and the o input as TEAL, the MLP
    /// by channel, act(gate)_j kept when |act(gate)_j| >= T / E|up_j| with T the target quantile of
    /// the importance; gate/up input dense.
    /// </summary>
    /// <param name="calibration">Statistics of the model.</param>
    /// <param name="model">The model, for greedy step sizes; checked against the calibration.</param>
    /// <param name="method">Which method.</param>
    /// <param name="target">Target sparsity.</param>
    /// <param name="denseTokens">Prefill policy: positions below this stay dense.</param>
    /// <exception cref="ArgumentOutOfRangeException">The target is outside 0 to 0.95.</exception>
    /// <exception cref="InvalidDataException">A threshold comes out non-finite or negative, or the
    /// calibration is for another model.</exception>
    public static SparsityPlan Build(
        Calibration calibration,
        TransformerModel model,
        SparsityMethod method,
        double target,
        int denseTokens = 0)
    {
        if (!(target >= 0 && target <= GreedyAllocation.MaxSparsity))
            throw new ArgumentOutOfRangeException(nameof(target),
                $"target sparsity is {target}; it must be 0 to {GreedyAllocation.MaxSparsity:0.##}");
        ArgumentOutOfRangeException.ThrowIfNegative(denseTokens);
        calibration.Model.Check(model, "the calibration");
        var layers = calibration.Layers.Select((cal, l) =>
        {
            var rules = Rules(cal, model.Layers[l], method, target);
            for (int k = 0; k < rules.Length; k++)
                CheckFinite(rules[k], l, (SparseInput)k, method);
            return rules;
        }).ToList();
        return new SparsityPlan
        {
            Model = calibration.Model,
            Method = method,
            Target = target,
            DenseTokens = denseTokens,
            Layers = layers,
        };
    }

    static InputRule[] Rules(LayerCalibration cal, LayerWeights w, SparsityMethod method, double s) =>
        method switch
        {
            SparsityMethod.TealUniform => SparseInputs.All.Select(k => Teal(cal[k], s)).ToArray(),
            SparsityMethod.TealGreedy => Greedy(cal, w, s),
            SparsityMethod.Wina => SparseInputs.All.Select(k => Wina(cal[k], s)).ToArray(),
            _ => Chess(cal, s),
        };

    static InputRule Teal(InputCalibration c, double s) => new(c.Magnitudes.Quantile(s), null, false, s);

    static InputRule Wina(InputCalibration c, double s) =>
        new(c.WinaScores.Quantile(s), c.ColumnNorms, false, s);

    static InputRule[] Greedy(LayerCalibration cal, LayerWeights w, double target)
    {
        var sizes = SparseInputs.All.Select(k => SparseInputs.Size(w, k)).ToArray();
        var s = GreedyAllocation.Allocate(cal.Inputs.Select(i => i.ErrorCurve).ToArray(), sizes, target);
        return SparseInputs.All.Select(k => Teal(cal[k], s[(int)k])).ToArray();
    }

    // The q threshold is the quantile of the shared input's |x|, the distribution q reads too.
    static InputRule[] Chess(LayerCalibration cal, double s) =>
    [
        Teal(cal[SparseInput.Qkv], s) with { Readers = [Projection.Q] },
        Teal(cal[SparseInput.O], s),
        InputRule.Dense,
        new(cal.ChessImportance.Quantile(s), cal.MeanAbsUp, true, s),
    ];

    static void CheckFinite(InputRule rule, int layer, SparseInput input, SparsityMethod method)
    {
        bool bad = !float.IsFinite(rule.Threshold) || rule.Threshold < 0
            || (rule.Scale?.Any(v => !float.IsFinite(v)) ?? false);
        if (bad)
            throw new InvalidDataException(
                $"{method} threshold of block {layer} input {input} is {rule.Threshold} (or its channel " +
                "scales are not finite); the calibration holds non-finite statistics: recalibrate");
    }
}
