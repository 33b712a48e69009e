using Vane.Hooks;
using Vane.Loading;
using Vane.Model;

namespace Vane.Tests.Model;

/// <summary>
/// Logits, residual streams and greedy ids against the float64 reference implementation
/// in shared/reference, for the demo model and a tiny random model of each architecture.
/// </summary>
public class ReferenceParityTests
{
    public static TheoryData<string> Models => new()
    {
        "vane-demo-3m", "tiny-random-llama", "tiny-random-qwen2", "tiny-random-gpt2",
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void LastPositionLogitsAndResidualsMatch(string name)
    {
        using var model = HfModelLoader.Load(SharedData.Path($"models/{name}"));
        var c = model.Config;
        var pass = new ForwardPass(model);
        foreach (var (prompt, i) in ReferenceCase.Load(name).Select((p, i) => (p, i)))
        {
            var resid = new float[c.NLayers * c.DModel]; // [NLayers, DModel]
            var hooks = new HookSet(c);
            using var _ = hooks.Add("blocks.*.hook_resid_post", ctx =>
                ctx.Row(ctx.Rows - 1).CopyTo(resid.AsSpan(ctx.Layer * c.DModel, c.DModel)));

            float[] logits = pass.Run(TokenBatch.Single(prompt.PromptIds), new KvCache(c), hooks);

            ReferenceCase.AssertClose(logits, prompt.Logits, 1e-3, $"{name} prompt {i} logits");
            ReferenceCase.AssertClose(resid, prompt.ResidPost, 1e-3, $"{name} prompt {i} resid_post");
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void GreedyIdsMatchWithCache(string name)
    {
        using var model = HfModelLoader.Load(SharedData.Path($"models/{name}"));
        var pass = new ForwardPass(model);
        foreach (var (prompt, i) in ReferenceCase.Load(name).Select((p, i) => (p, i)))
        {
            var cache = new KvCache(model.Config);
            float[] logits = pass.Run(TokenBatch.Single(prompt.PromptIds), cache);
            for (int step = 0; step < prompt.GreedyIds.Length; step++)
            {
                int expected = prompt.GreedyIds[step];
                int got = ArgMax(logits);
                var top = prompt.Top8[step];
                bool nearTie = top.Length > 1 && top[0].Logit - top[1].Logit < 1e-3 && got == top[1].Id;
                Assert.True(got == expected || nearTie,
                    $"{name} prompt {i} step {step}: greedy id {got}, expected {expected}");
                // feed the reference token so every step is checked on the reference path
                int pos = cache.Length(0);
                logits = pass.Run(new TokenBatch([expected], [pos], [0], [0]), cache);
            }
        }
    }

    internal static int ArgMax(ReadOnlySpan<float> x)
    {
        int best = 0;
        for (int i = 1; i < x.Length; i++)
            if (x[i] > x[best])
                best = i;
        return best;
    }
}
