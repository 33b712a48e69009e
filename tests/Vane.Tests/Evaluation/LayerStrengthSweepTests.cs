using Vane.Evaluation;
using Vane.Hooks;

namespace Vane.Tests.Evaluation;

public class LayerStrengthSweepTests(DemoModelFixture demo) : IClassFixture<DemoModelFixture>
{
    [Fact]
    public void FactoryGridHasOneCellPerPairInOrder()
    {
        var seen = new List<(int, float)>();

        var grid = LayerStrengthSweep.Run([1, 3], [0f, 2f, 4f],
            cell => { seen.Add(cell); return new HookSet(demo.Model.Config); },
            hooks => hooks.IsEmpty);

        Assert.Equal(6, grid.Cells.Count);
        Assert.Equal([(1, 0f), (1, 2f), (1, 4f), (3, 0f), (3, 2f), (3, 4f)], seen);
        Assert.Equal(new SweepCell<bool>(3, 2f, true), grid[1, 1]);
        Assert.Equal([1, 3], grid.Layers);
        Assert.Equal([0f, 2f, 4f], grid.Strengths);
    }

    [Fact]
    public void SharedHookSetIsCleanAfterEachCell()
    {
        var hooks = new HookSet(demo.Model.Config);
        int cellsSeen = 0;

        var grid = LayerStrengthSweep.Run([0, 5], [1.5f], hooks,
            (h, layer, strength) => h.Add($"blocks.{layer}.hook_resid_post", ctx =>
            {
                foreach (ref float x in ctx.Activations)
                    x *= strength;
            }),
            h => KlDivergence.OnPrompts(demo.Model, [demo.Tokenizer.Encode("ROMEO:")], null, h).MeanKl,
            _ => cellsSeen++);

        Assert.True(hooks.IsEmpty);
        Assert.Equal(2, cellsSeen);
        Assert.All(grid.Cells, c => Assert.True(c.Result > 0, $"layer {c.Layer}: KL {c.Result}"));
    }

    [Fact]
    public void EmptyAxisThrows()
    {
        Assert.Throws<ArgumentException>(() =>
            LayerStrengthSweep.Run([], [1f], _ => new HookSet(demo.Model.Config), _ => 0));
    }
}
