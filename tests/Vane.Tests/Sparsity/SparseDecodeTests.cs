using Vane.Hooks;
using Vane.Model;
using Vane.Sparsity;
using Vane.Tests.Model;

namespace Vane.Tests.Sparsity;

/// <summary>The sparse decode path computes what the masking hooks compute, reading fewer weights.</summary>
public class SparseDecodeTests(SparsityFixture fixture) : IClassFixture<SparsityFixture>
{
    [Theory]
    [InlineData(SparsityMethod.TealUniform, 0.5)]
    [InlineData(SparsityMethod.TealGreedy, 0.4)]
    [InlineData(SparsityMethod.Wina, 0.5)]
    public void DecodeStepsEqualTheMaskedDensePass(SparsityMethod method, double target)
    {
        var model = fixture.Model;
        var plan = PlanBuilder.Build(fixture.Calibration, model, method, target);
        var sparse = SparseDecode.Build(model, plan);
        Assert.True(sparse.Count > 0);
        if (method != SparsityMethod.Wina) // one threshold per input: q, k and v share a stacked copy
            Assert.Equal(sparse.Count - 2 * model.Config.NLayers, sparse.CopyCount);
        int[] prompt = fixture.HeldOut[..12];
        int[] next = fixture.HeldOut[12..20];

        // A: masking hooks on every pass (dense kernels on zeroed inputs)
        var masked = new HookSet(model.Config);
        using var _ = SparsityHooks.Register(masked, plan, model);
        var a = Decode(new ForwardPass(model), masked, masked, prompt, next);

        // B: the same prompt pass, then decode steps through the sparse kernels with no hooks
        var b = Decode(new ForwardPass(model) { Sparse = sparse }, masked, null, prompt, next);

        for (int i = 0; i < a.Count; i++)
            ReferenceCase.AssertClose(b[i], a[i], 1e-4, $"{method} step {i}");
    }

    [Fact]
    public void SkippedFractionCountsTheRowsTheStepsSkipped()
    {
        var model = fixture.Model;
        var plan = PlanBuilder.Build(fixture.Calibration, model, SparsityMethod.TealUniform, 0.5);
        var sparse = SparseDecode.Build(model, plan);
        Assert.True(double.IsNaN(sparse.SkippedFraction));
        Decode(new ForwardPass(model) { Sparse = sparse }, null, null, fixture.HeldOut[..12], fixture.HeldOut[12..40]);
        // every input is thresholded at its own median on held-out text of the same kind
        Assert.InRange(sparse.SkippedFraction, 0.40, 0.60);
        sparse.ResetCounters();
        Assert.True(double.IsNaN(sparse.SkippedFraction));

        var none = SparseDecode.Build(model,
            PlanBuilder.Build(fixture.Calibration, model, SparsityMethod.TealUniform, 0));
        Decode(new ForwardPass(model) { Sparse = none }, null, null, fixture.HeldOut[..12], fixture.HeldOut[12..16]);
        Assert.True(none.Count == 0 || none.SkippedFraction < 0.01);
    }

    [Fact]
    public void ChessDecodesQSparselyWithKAndVDense()
    {
        var model = fixture.Model;
        var plan = PlanBuilder.Build(fixture.Calibration, model, SparsityMethod.Chess, 0.5);
        var sparse = SparseDecode.Build(model, plan);
        Assert.Equal(2 * model.Config.NLayers, sparse.Count); // q and o; k, v and the MLP stay dense
        int[] prompt = fixture.HeldOut[..12];
        int[] next = fixture.HeldOut[12..20];

        // A: the masks of what the decode path runs: the plan without its act(gate) rule on down
        var attention = new SparsityPlan
        {
            Model = plan.Model,
            Method = plan.Method,
            Target = plan.Target,
            Layers = plan.Layers.Select(r => new[] { r[0], r[1], r[2], InputRule.Dense }).ToList(),
        };
        var masked = new HookSet(model.Config);
        using var _ = SparsityHooks.Register(masked, attention, model);
        var a = Decode(new ForwardPass(model), masked, masked, prompt, next);

        // B: decode steps through the sparse kernels, no hooks
        var b = Decode(new ForwardPass(model) { Sparse = sparse }, masked, null, prompt, next);

        for (int i = 0; i < a.Count; i++)
            ReferenceCase.AssertClose(b[i], a[i], 1e-4, $"CHESS step {i}");
    }

    static List<float[]> Decode(ForwardPass pass, HookSet? promptHooks, HookSet? stepHooks, int[] prompt, int[] next)
    {
        var cache = new KvCache(pass.Model.Config);
        var sparse = pass.Sparse;
        pass.Sparse = null; // the prompt pass is dense in both runs
        pass.Run(TokenBatch.Single(prompt), cache, promptHooks);
        pass.Sparse = sparse;
        var logits = new List<float[]>();
        foreach (int t in next)
            logits.Add(pass.Run(new TokenBatch([t], [cache.Length(0)], [0], [0]), cache, stepHooks));
        return logits;
    }
}
