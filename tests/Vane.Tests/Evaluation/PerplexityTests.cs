using Vane.Evaluation;
using Vane.Hooks;
using Vane.Model;
using Xunit.Abstractions;

namespace Vane.Tests.Evaluation;

public class PerplexityTests(DemoModelFixture demo, ITestOutputHelper output)
    : IClassFixture<DemoModelFixture>
{
    const string Sample =
        "Call me Ishmael. Some years ago, never mind how long precisely, having little or no money " +
        "in my purse, and nothing particular to interest me on shore, I thought I would sail about.";

    [Theory]
    [InlineData(16, 1)]
    [InlineData(16, 5)]
    [InlineData(12, 11)]
    public void BatchedWindowsEqualOneRunPerToken(int window, int stride)
    {
        int[] ids = demo.Tokenizer.Encode(Sample);
        Assert.True(ids.Length > 2 * window, $"sample has only {ids.Length} tokens");

        var batched = Perplexity.Compute(demo.Model, ids, window, stride, batchTokens: 40);
        var (nll, count) = NaiveNll(demo.Model, ids, window, stride);

        Assert.Equal(ids.Length - 1, batched.TokenCount);
        Assert.Equal(count, batched.TokenCount);
        double rel = Math.Abs(batched.MeanNll - nll / count) / (nll / count);
        Assert.True(rel < 1e-6, $"batched {batched.MeanNll} vs naive {nll / count} (relative {rel})");
    }

    [Theory]
    [InlineData("sotu", 71.7)]
    [InlineData("mobydick", 76.4)]
    [InlineData("shakespeare", 47.5)]
    public void HeldOutPerplexityIsNearTheReadme(string name, double readme)
    {
        string text = File.ReadAllText(SharedData.Path($"data/text/{name}-heldout.txt"));

        var r = Perplexity.Compute(demo.Model, demo.Tokenizer, text, 256, 128, maxTokens: 2000);

        output.WriteLine($"{name}: ppl {r.Perplexity:F2} (nll {r.MeanNll:F4}, {r.TokenCount} tokens); README {readme}");
        Assert.Equal(1999, r.TokenCount);
        Assert.True(double.IsFinite(r.Perplexity));
        Assert.InRange(r.Perplexity, readme / 2, readme * 2);
    }

    [Fact]
    public void ZeroingAnMlpRaisesPerplexity()
    {
        string text = File.ReadAllText(SharedData.Path("data/text/mobydick-heldout.txt"));
        var plain = Perplexity.Compute(demo.Model, demo.Tokenizer, text, 128, 64, maxTokens: 600);

        var hooks = new HookSet(demo.Model.Config);
        using var zero = hooks.Add("blocks.3.hook_mlp_out", ctx => ctx.Activations.Clear());
        var broken = Perplexity.Compute(demo.Model, demo.Tokenizer, text, 128, 64, hooks, maxTokens: 600);

        Assert.True(broken.Perplexity > plain.Perplexity,
            $"zeroed MLP gives {broken.Perplexity}, plain {plain.Perplexity}");
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(300, 10)]
    [InlineData(16, 16)]
    [InlineData(16, 0)]
    public void BadWindowOrStrideThrows(int window, int stride)
    {
        Assert.Throws<ArgumentOutOfRangeException>(
            () => Perplexity.Compute(demo.Model, [1, 2, 3, 4], window, stride));
    }

    /// <summary>
    /// Reference: each token i scored by its own single-sequence run over the context its
    /// window gives, begin = the first multiple of stride with begin + window > i.
    /// </summary>
    static (double Nll, int Count) NaiveNll(TransformerModel model, int[] ids, int window, int stride)
    {
        var pass = new ForwardPass(model);
        int vocab = model.Config.VocabSize;
        double nll = 0;
        for (int i = 1; i < ids.Length; i++)
        {
            int begin = i < window ? 0 : (i - window + stride) / stride * stride;
            var context = ids[begin..i];
            float[] logits = pass.Run(TokenBatch.Single(context), new KvCache(model.Config));
            double max = logits.Max(), sum = logits.Sum(x => Math.Exp(x - max));
            nll += max + Math.Log(sum) - logits[ids[i]];
        }
        return (nll, ids.Length - 1);
    }
}
