using Vane.Generation;
using Vane.Hooks;
using Vane.Steering;
using Vane.Tests.Evaluation;
using Xunit.Abstractions;

namespace Vane.Tests.Steering.Conditional;

/// <summary>
/// Acceptance: a behaviour vector gated by the searched sea condition changes the generations
/// of held-out prompts where the condition holds and leaves the others token-identical.
/// </summary>
public sealed class ConditionalGenerationTests(DemoModelFixture demo, ITestOutputHelper output)
    : IClassFixture<DemoModelFixture>
{
    [Fact]
    public void GatedBehaviourChangesOnlyPromptsThatMeetTheCondition()
    {
        var search = ConditionSearch.Run(demo.Model, demo.Tokenizer, ConditionSearchTests.Prompts("sea-train.txt"),
            ConditionSearchTests.Prompts("government-train.txt"));
        var condition = search.ToCondition("sea", ConditionAggregation.Mean);
        var pairs = JsonlPairs.Read(
            Path.Combine(ConditionSearchTests.RepoRoot(), "examples", "sea-vs-government.jsonl"));
        var behaviour = DirectionExtractor.Extract(demo.Model, demo.Tokenizer, pairs,
            new ExtractionOptions { Layers = LayerSelection.Of(3) }).Vector;
        var rule = new SteeringRule(RuleExpression.Parse("sea"), behaviour, Strength: -4f);

        var sea = ConditionSearchTests.Prompts("sea-heldout.txt");
        var gov = ConditionSearchTests.Prompts("government-heldout.txt");
        var prompts = sea.Concat(gov).Select(p => demo.Tokenizer.Encode(p)).ToList();
        var options = new GenerationOptions { MaxNewTokens = 12 };
        var generator = new Generator(demo.Model);
        var plain = generator.Generate(prompts, options);

        var hooks = new HookSet(demo.Model.Config);
        GenerationResult[] steered;
        bool?[] holds;
        using (var cast = ConditionalSteering.Apply(hooks, PromptLengths.Of(prompts), [condition], [rule]))
        {
            steered = generator.Generate(prompts, options, hooks); // one batch: a decision per sequence
            holds = Enumerable.Range(0, prompts.Count).Select(i => cast.Holds(i, "sea")).ToArray();
        }

        int changed = 0, identical = 0, held = 0, notHeld = 0;
        for (int i = 0; i < prompts.Count; i++)
        {
            bool same = plain[i].GeneratedIds.SequenceEqual(steered[i].GeneratedIds);
            if (holds[i] == true)
            {
                held++;
                changed += same ? 0 : 1;
            }
            else
            {
                notHeld++;
                identical += same ? 1 : 0;
                Assert.True(same, $"prompt {i} does not meet the condition but its generation changed");
            }
            if (i is 0 or 1 or 20 or 21)
                output.WriteLine($"[{(holds[i] == true ? "holds" : "not")}] {(i < 20 ? sea[i] : gov[i - 20])}\n" +
                    $"  before: {demo.Tokenizer.Decode(plain[i].GeneratedIds)}\n" +
                    $"  after:  {demo.Tokenizer.Decode(steered[i].GeneratedIds)}");
        }
        output.WriteLine($"condition holds on {held} prompts ({changed} changed), " +
            $"not on {notHeld} ({identical} identical)");
        Assert.Equal(20, held);
        Assert.Equal(20, changed);
        Assert.Equal(20, identical);
    }

    [Fact]
    public void HookScoreEqualsTheSearchScore()
    {
        var search = ConditionSearch.Run(demo.Model, demo.Tokenizer, ConditionSearchTests.Prompts("sea-train.txt"),
            ConditionSearchTests.Prompts("government-train.txt"), new ConditionSearchOptions { MaxLayers = 1 });
        var condition = search.ToCondition("sea", ConditionAggregation.Mean);
        string prompt = ConditionSearchTests.Prompts("sea-train.txt")[0];
        int layer = condition.Layers[0];
        var ids = demo.Tokenizer.Encode(prompt);
        var hooks = new HookSet(demo.Model.Config);
        using var cast = ConditionalSteering.Apply(hooks, PromptLengths.Same(ids.Length), [condition],
            [new SteeringRule(RuleExpression.Parse("sea"), condition.Vector, 0f)]);
        new Generator(demo.Model).Generate([ids], new GenerationOptions { MaxNewTokens = 2 }, hooks);
        Assert.Equal(search.Positive[layer][0], cast.Score(0, "sea", layer)!.Value, 4);
    }
}
