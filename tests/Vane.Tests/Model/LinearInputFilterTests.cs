using Vane.Hooks;
using Vane.Loading;
using Vane.Model;
using Vane.Tensors;

namespace Vane.Tests.Model;

/// <summary>A filter rewrites one linear layer's own copy of its input; the others read it unchanged.</summary>
public class LinearInputFilterTests
{
    [Fact]
    public void AFilterOnQKAndVEqualsTheSameEditAtTheirSharedSite()
    {
        using var model = HfModelLoader.Load(SharedData.Path("models/tiny-random-llama"));
        int[] prompt = [5, 6, 7, 8];
        var filtered = new HookSet(model.Config);
        var qkv = model.Layers.SelectMany(w => new[] { w.Q, w.K, w.V }).ToArray();
        using (filtered.AddInputFilter(new Halve(qkv)))
        {
            var edited = new HookSet(model.Config);
            using var _ = edited.Add("blocks.*.hook_attn_in", ctx =>
            {
                foreach (ref float v in ctx.Activations)
                    v *= 0.5f;
            });
            Assert.Equal(Run(model, prompt, edited).Logits, Run(model, prompt, filtered).Logits);
        }
        Assert.True(filtered.IsEmpty);
    }

    [Fact]
    public void AFilterOnQAloneLeavesTheSiteKeysAndValuesUnchanged()
    {
        using var model = HfModelLoader.Load(SharedData.Path("models/tiny-random-llama"));
        int[] prompt = [5, 6, 7, 8];
        var plain = Run(model, prompt, new HookSet(model.Config));
        var hooks = new HookSet(model.Config);
        using var _ = hooks.AddInputFilter(new Halve([model.Layers[0].Q]));
        var q = Run(model, prompt, hooks);

        Assert.Equal(plain.AttnIn, q.AttnIn);
        int dkv = model.Config.DKv;
        Assert.Equal(plain.Cache.Get(0).Keys[0][..(4 * dkv)], q.Cache.Get(0).Keys[0][..(4 * dkv)]);
        Assert.Equal(plain.Cache.Get(0).Values[0][..(4 * dkv)], q.Cache.Get(0).Values[0][..(4 * dkv)]);
        Assert.NotEqual(plain.Logits, q.Logits);
    }

    static (float[] Logits, float[] AttnIn, KvCache Cache) Run(TransformerModel model, int[] prompt, HookSet hooks)
    {
        using var capture = new ActivationCapture(hooks, "blocks.0.hook_attn_in");
        var cache = new KvCache(model.Config);
        float[] logits = new ForwardPass(model).Run(TokenBatch.Single(prompt, allLogits: true), cache, hooks);
        return (logits, capture.Get("blocks.0.hook_attn_in"), cache);
    }

    /// <summary>Halves the input of the given matrices.</summary>
    sealed class Halve(WeightMatrix[] matrices) : ILinearInputFilter
    {
        public bool Filters(WeightMatrix w) => matrices.Contains(w);

        public void Filter(WeightMatrix w, Span<float> x, TokenBatch batch)
        {
            Assert.Equal(batch.Count * w.Cols, x.Length);
            foreach (ref float v in x)
                v *= 0.5f;
        }
    }
}
