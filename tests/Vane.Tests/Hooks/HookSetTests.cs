using Vane.Hooks;
using Vane.Loading;
using Vane.Model;

namespace Vane.Tests.Hooks;

public class HookSetTests
{
    [Theory]
    [InlineData("tiny-random-llama")]
    [InlineData("tiny-random-gpt2")]
    public void EverySiteIsCalledOncePerPassWithItsShape(string name)
    {
        using var model = HfModelLoader.Load(SharedData.Path($"models/{name}"));
        var c = model.Config;
        var hooks = new HookSet(c);
        var seen = new List<(string Site, int Rows, int Width, int Layer)>();
        using var _ = hooks.Add("*", ctx => seen.Add((ctx.Site, ctx.Rows, ctx.Width, ctx.Layer)));

        new ForwardPass(model).Run(TokenBatch.Single([3, 4, 5]), new KvCache(c), hooks);

        Assert.Equal(HookSites.All(c.NLayers), seen.Select(s => s.Site));
        Assert.All(seen, s => Assert.Equal(3, s.Rows));
        foreach (var s in seen)
        {
            int expected = s.Site.EndsWith("hook_z") ? c.DQuery : s.Site.EndsWith("mlp_post") ? c.DMlp : c.DModel;
            Assert.Equal(expected, s.Width);
            Assert.Equal(s.Site.StartsWith("blocks.") ? int.Parse(s.Site.Split('.')[1]) : -1, s.Layer);
        }
    }

    [Fact]
    public void ResidPostOfOneBlockIsResidPreOfTheNext()
    {
        using var model = HfModelLoader.Load(SharedData.Path("models/tiny-random-qwen2"));
        var hooks = new HookSet(model.Config);
        using var capture = new ActivationCapture(hooks, "blocks.0.hook_resid_post,blocks.1.hook_resid_pre");
        new ForwardPass(model).Run(TokenBatch.Single([1, 2, 3, 4]), new KvCache(model.Config), hooks);
        Assert.Equal(capture.Get("blocks.0.hook_resid_post"), capture.Get("blocks.1.hook_resid_pre"));
        Assert.Equal(4, capture.Tokens("blocks.0.hook_resid_post"));
    }

    [Fact]
    public void EditsChangeTheRestOfThePassAndDisposalEndsThem()
    {
        using var model = HfModelLoader.Load(SharedData.Path("models/tiny-random-llama"));
        var pass = new ForwardPass(model);
        var hooks = new HookSet(model.Config);
        int[] prompt = [5, 6, 7];
        float[] plain = pass.Run(TokenBatch.Single(prompt), new KvCache(model.Config), hooks);

        float[] edited;
        using (hooks.Add("blocks.1.hook_mlp_post", ctx => ctx.Activations.Clear()))
            edited = pass.Run(TokenBatch.Single(prompt), new KvCache(model.Config), hooks);
        float[] after = pass.Run(TokenBatch.Single(prompt), new KvCache(model.Config), hooks);

        Assert.NotEqual(plain, edited);
        Assert.Equal(plain, after);
        Assert.True(hooks.IsEmpty);
    }

    [Fact]
    public void ZeroingMlpPostZeroesMlpOut()
    {
        using var model = HfModelLoader.Load(SharedData.Path("models/tiny-random-llama"));
        var hooks = new HookSet(model.Config);
        using var zero = hooks.Add("blocks.2.hook_mlp_post", ctx => ctx.Activations.Clear());
        using var capture = new ActivationCapture(hooks, "blocks.2.hook_mlp_out");
        new ForwardPass(model).Run(TokenBatch.Single([1, 2]), new KvCache(model.Config), hooks);
        Assert.All(capture.Get("blocks.2.hook_mlp_out"), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void RowsKnowTheirSequenceAndPositionInABatch()
    {
        using var model = HfModelLoader.Load(SharedData.Path("models/tiny-random-llama"));
        var hooks = new HookSet(model.Config);
        var rows = new List<(int Seq, int Pos, int Token)>();
        using var _ = hooks.Add("hook_embed", ctx =>
        {
            for (int r = 0; r < ctx.Rows; r++)
                rows.Add((ctx.Sequences[r], ctx.Positions[r], ctx.Tokens[r]));
        });
        var batch = TokenBatch.Append([[10, 11, 12], [20]], [0, 1], [0, 0]);
        new ForwardPass(model).Run(batch, new KvCache(model.Config), hooks);
        Assert.Equal([(0, 0, 10), (0, 1, 11), (0, 2, 12), (1, 0, 20)], rows);
    }
}
