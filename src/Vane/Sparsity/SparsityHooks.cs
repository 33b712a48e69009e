using Vane.Hooks;
using Vane.Model;
using Vane.Tensors;

namespace Vane.Sparsity;

/// <summary>
/// Applies a <see cref="SparsityPlan"/> through hooks: at each projection input, entries whose
/// score is below the threshold become zero, so the dense forward pass computes exactly what a
/// sparse kernel would. A rule that masks every reader of its input edits the activation at the
/// input's hook site; a rule for some readers only (CHESS: q, not k or v) masks those readers'
/// private copies through an <see cref="ILinearInputFilter"/>, and the site keeps the dense input.
/// </summary>
public static class SparsityHooks
{
    /// <summary>
    /// Registers the masks of <paramref name="plan"/> on <paramref name="hooks"/>;
    /// dispose the result to remove them. Does not modify the model.
    /// </summary>
    /// <exception cref="InvalidDataException">The plan is for another model, or a rule names a
    /// projection that does not read its input.</exception>
    public static IDisposable Register(HookSet hooks, SparsityPlan plan, TransformerModel model) =>
        Register(hooks, plan, model, null);

    /// <summary>
    /// As <see cref="Register(HookSet, SparsityPlan, TransformerModel)"/>, and where
    /// <paramref name="scores"/>[layer][input] is not null, adds every score that input's rule
    /// compares with its threshold to it, before masking: the distribution the threshold
    /// actually sees with everything upstream sparsified (<see cref="PlanRefiner"/>). Recording
    /// inside the mask, rather than in a hook of its own, needs no care about hook order and
    /// scores exactly as the mask does (act(gate) for CHESS, column norms for WINA).
    /// </summary>
    /// <param name="scores">Histograms [NLayers][4], entries null where nothing is recorded.</param>
    internal static IDisposable Register(
        HookSet hooks, SparsityPlan plan, TransformerModel model, MagnitudeHistogram?[][]? scores)
    {
        plan.Model.Check(model, $"the {plan.Method} plan");
        var regs = new List<IDisposable>();
        var readerMasks = new ReaderMasks(plan.DenseTokens);
        for (int l = 0; l < model.Config.NLayers; l++)
        {
            var gateAct = new float[0]; // act(gate) of the current pass [rows, DMlp], CHESS only
            var w = model.Layers[l];
            foreach (var k in SparseInputs.All)
            {
                var rule = plan.Rule(l, k);
                if (k == SparseInput.GateUp && plan.Rule(l, SparseInput.Down).OnGateActivation)
                    regs.Add(hooks.Add(SparseInputs.Site(l, k), ctx =>
                    {
                        if (gateAct.Length < ctx.Activations.Length / ctx.Width * w.Up.Rows)
                            gateAct = new float[ctx.Rows * w.Up.Rows];
                        MlpChannels.Activation(w, ctx.Activations, gateAct, ctx.Rows);
                    }));
                var record = scores?[l][(int)k];
                if (!rule.IsActive && record is null)
                    continue;
                if (SparseInputs.MasksEveryReader(k, rule))
                    regs.Add(hooks.Add(SparseInputs.Site(l, k), ctx => Mask(ctx.Activations, ctx.Width,
                        ctx.Positions, rule, plan.DenseTokens, rule.OnGateActivation ? gateAct : null, record)));
                else
                {
                    // the first masked reader records: they all see the same input
                    foreach (var p in SparseInputs.MaskedReaders(k, rule))
                        if (SparseInputs.Matrix(w, p) is { } m)
                        {
                            readerMasks.Add(m, rule, record);
                            record = null;
                        }
                }
            }
        }
        if (readerMasks.Count > 0)
            regs.Add(hooks.AddInputFilter(readerMasks));
        return new Registrations(regs);
    }

    /// <summary>
    /// Zeroes entries of each row of <paramref name="x"/> [rows, width] (position >= denseTokens)
    /// whose score is below the threshold; scores come from <paramref name="scoreSource"/>
    /// (act(gate), [rows, width]) when given, else from <paramref name="x"/> itself. Each score
    /// is added to <paramref name="record"/> first when given.
    /// </summary>
    static void Mask(
        Span<float> x,
        int width,
        ReadOnlySpan<int> positions,
        InputRule rule,
        int denseTokens,
        float[]? scoreSource,
        MagnitudeHistogram? record)
    {
        var scale = rule.Scale;
        for (int r = 0; r < positions.Length; r++)
        {
            if (positions[r] < denseTokens)
                continue;
            var row = x.Slice(r * width, width);
            ReadOnlySpan<float> v = scoreSource is null ? row : scoreSource.AsSpan(r * width, width);
            for (int i = 0; i < width; i++)
            {
                float score = MathF.Abs(v[i]) * (scale is null ? 1 : scale[i]);
                record?.Add(score);
                if (score < rule.Threshold)
                    row[i] = 0;
            }
        }
    }

    /// <summary>The rules that mask some readers of an input only, by the matrix they mask for.</summary>
    sealed class ReaderMasks(int denseTokens) : ILinearInputFilter
    {
        readonly Dictionary<WeightMatrix, (InputRule Rule, MagnitudeHistogram? Record)> _rules =
            new(ReferenceEqualityComparer.Instance);

        public int Count => _rules.Count;

        public void Add(WeightMatrix w, InputRule rule, MagnitudeHistogram? record) => _rules[w] = (rule, record);

        public bool Filters(WeightMatrix w) => _rules.ContainsKey(w);

        public void Filter(WeightMatrix w, Span<float> x, TokenBatch batch)
        {
            var (rule, record) = _rules[w];
            Mask(x, w.Cols, batch.Positions, rule, denseTokens, null, record);
        }
    }

    sealed class Registrations(List<IDisposable> items) : IDisposable
    {
        public void Dispose() => items.ForEach(i => i.Dispose());
    }
}
