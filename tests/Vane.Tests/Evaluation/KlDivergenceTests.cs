using Vane.Evaluation;
using Vane.Hooks;

namespace Vane.Tests.Evaluation;

public class KlDivergenceTests(DemoModelFixture demo) : IClassFixture<DemoModelFixture>
{
    int[][] Prompts() =>
        new[] { "Call me Ishmael.", "ROMEO:", "The state of the Union is strong, and" }
            .Select(p => demo.Tokenizer.Encode(p)).ToArray();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void PlainAgainstPlainIsZero(bool allPositions)
    {
        var prompts = Prompts();

        var r = KlDivergence.OnPrompts(demo.Model, prompts, null, null, allPositions);

        Assert.Equal(0, r.MeanKl, 12);
        Assert.Equal(1, r.Top1Agreement);
        Assert.Equal(allPositions ? prompts.Sum(p => p.Length) : prompts.Length, r.Positions);
    }

    [Fact]
    public void EmptyHookSetCountsAsPlain()
    {
        var r = KlDivergence.OnPrompts(demo.Model, Prompts(), null, new HookSet(demo.Model.Config));

        Assert.Equal(0, r.MeanKl, 12);
    }

    [Fact]
    public void StrongEditIsPositiveAndGrowsWithStrength()
    {
        var weak = KlDivergence.OnPrompts(demo.Model, Prompts(), null, Scaled(1.2f));
        var strong = KlDivergence.OnPrompts(demo.Model, Prompts(), null, Scaled(4f));

        Assert.True(weak.MeanKl > 0, $"weak edit KL {weak.MeanKl}");
        Assert.True(strong.MeanKl > weak.MeanKl, $"strong {strong.MeanKl} vs weak {weak.MeanKl}");
        Assert.InRange(strong.Top1Agreement, 0, 1);
    }

    [Fact]
    public void NoPromptsThrows()
    {
        Assert.Throws<ArgumentException>(() => KlDivergence.OnPrompts(demo.Model, [], null, null));
    }

    HookSet Scaled(float factor)
    {
        var hooks = new HookSet(demo.Model.Config);
        hooks.Add("blocks.2.hook_resid_post", ctx =>
        {
            foreach (ref float x in ctx.Activations)
                x *= factor;
        });
        return hooks;
    }
}
