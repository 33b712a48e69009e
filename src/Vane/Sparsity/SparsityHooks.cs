using Vane.Hooks;
using Vane.Model;

namespace Vane.Sparsity;

/// <summary>
/// Applies a <see cref="SparsityPlan"/> through hooks: at each projection input, entries whose
/// score is below the threshold become zero, so the dense forward pass computes exactly what a
/// sparse kernel would. Limitation: q, k and v share one hook site, so CHESS's q-only
/// sparsification also reaches k and v here (a pessimistic measure of its quality).
/// </summary>
public static class SparsityHooks
{
    /// <summary>
    /// Registers the masking hooks of <paramref name="plan"/> on <paramref name="hooks"/>;
    /// dispose the result to remove them. Does not modify the model.
    /// </summary>
    /// <exception cref="InvalidDataException">The plan is for another model.</exception>
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
                regs.Add(hooks.Add(SparseInputs.Site(l, k), ctx =>
                    Mask(ctx, rule, plan.DenseTokens, rule.OnGateActivation ? gateAct : null, record)));
            }
        }
        return new Registrations(regs);
    }

    /// <summary>
    /// Zeroes entries of each row (position >= denseTokens) whose score is below the threshold,
    /// adding each score to <paramref name="record"/> first when given.
    /// </summary>
    static void Mask(HookContext ctx, InputRule rule, int denseTokens, float[]? scoreSource,
        MagnitudeHistogram? record)
    {
        int width = ctx.Width;
        var scale = rule.Scale;
        for (int r = 0; r < ctx.Rows; r++)
        {
            if (ctx.Positions[r] < denseTokens)
                continue;
            var row = ctx.Row(r);
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

    sealed class Registrations(List<IDisposable> items) : IDisposable
    {
        public void Dispose() => items.ForEach(i => i.Dispose());
    }
}
