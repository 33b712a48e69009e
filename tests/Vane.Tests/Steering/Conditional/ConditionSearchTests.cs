using Vane.Steering;
using Vane.Tests.Evaluation;
using Xunit.Abstractions;

namespace Vane.Tests.Steering.Conditional;

/// <summary>The condition search on the demo model with the example prompts of examples/conditions.</summary>
public sealed class ConditionSearchTests(DemoModelFixture demo, ITestOutputHelper output)
    : IClassFixture<DemoModelFixture>
{
    /// <summary>The example prompt file <paramref name="name"/>.</summary>
    public static List<string> Prompts(string name) =>
        File.ReadLines(Path.Combine(RepoRoot(), "examples", "conditions", name))
            .Where(l => !string.IsNullOrWhiteSpace(l)).ToList();

    /// <summary>The repository root (the folder holding examples/).</summary>
    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "examples", "conditions")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("no examples/conditions above the test folder");
    }

    [Theory]
    [InlineData(ConditionAggregation.Mean)]
    [InlineData(ConditionAggregation.Last)]
    public void SearchReachesHeldOutF1OfAtLeast09(ConditionAggregation how)
    {
        var result = ConditionSearch.Run(demo.Model, demo.Tokenizer,
            Prompts("sea-train.txt"), Prompts("government-train.txt"),
            new ConditionSearchOptions { MaxLayers = 2, Aggregation = how });
        var b = result.Best;
        output.WriteLine($"best: blocks {string.Join(",", b.Layers)} {b.Direction} theta {b.Threshold:F4} " +
            $"train F1 {b.F1:F3}");
        foreach (var g in result.Table.Where(c => c.Layers.Length == 1).GroupBy(c => (c.Layers[0], c.Direction)))
            output.WriteLine($"block {g.Key.Item1} {g.Key.Direction}: best F1 {g.Max(c => c.F1):F3}");

        var (f1, p, r) = ConditionSearch.Evaluate(demo.Model, demo.Tokenizer, result.ToCondition("sea", how),
            Prompts("sea-heldout.txt"), Prompts("government-heldout.txt"));
        output.WriteLine($"held-out F1 {f1:F3} (precision {p:F3}, recall {r:F3})");
        Assert.True(f1 >= 0.9, $"held-out F1 {f1:F3}, expected >= 0.9");
    }
}
