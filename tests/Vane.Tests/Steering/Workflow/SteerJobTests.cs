using Vane.Evaluation;
using Vane.Loading;
using Vane.Steering;

namespace Vane.Tests.Steering.Workflow;

/// <summary>
/// The main job on the demo model with the shipped sea-voyage vs government-speech pairs:
/// the acceptance criteria of the steering issue, on a reduced sweep.
/// </summary>
public class SteerJobTests
{

    [Fact]
    public void SeaVectorRaisesSeaWordsWithinThePerplexityCap()
    {
        using var model = ModelLoader.Load(SharedData.DemoModel);
        var tokenizer = ModelLoader.LoadTokenizer(SharedData.DemoModel)!;
        var options = new SteerJobOptions
        {
            Layers = LayerSelection.Range(1, 3),
            Strengths = [0.25f, 0.5f],
            EvalPrompts = File.ReadAllLines(SharedData.RepoPath("examples/neutral-prompts.txt")),
            NeutralText = File.ReadAllText(SharedData.Path("data/text/shakespeare-heldout.txt")),
            TargetWords = WordList.Load(SharedData.RepoPath("examples/sea-words.txt")),
            OppositeWords = WordList.Load(SharedData.RepoPath("examples/government-words.txt")),
        };

        var result = new SteerJob(model, tokenizer, options)
            .Run("vane-demo-3m", SharedData.RepoPath("examples/sea-vs-government.jsonl"));

        var r = result.Report;
        var chosen = Assert.IsType<SweepCell>(r.Chosen);
        double baseShare = r.Baseline.TargetShare!.Value;
        Assert.True(chosen.TargetShare >= 0.05, $"sea share {chosen.TargetShare:P1} < 5%");
        Assert.True(chosen.TargetShare >= 5 * baseShare, $"sea share {chosen.TargetShare:P1} < 5 x {baseShare:P1}");
        Assert.True(chosen.PerplexityRise < 0.2, $"perplexity rise {chosen.PerplexityRise:P1}");
        // the same vector at minus the strength moves the text toward government words
        var negated = Assert.IsType<SweepCell>(r.ChosenNegated);
        Assert.True(negated.OppositeShare > r.Baseline.OppositeShare,
            $"government share {negated.OppositeShare:P1} not above {r.Baseline.OppositeShare:P1}");
        // the exported vector is the chosen block's direction, already scaled
        var vector = Assert.IsType<SteeringVector>(result.Chosen);
        Assert.Equal([chosen.Layer], vector.Directions.Keys);
        Assert.Equal(r.Samples.Count, options.EvalPrompts.Count);
    }

    [Fact]
    public void SelectionRulePrefersEffectPerSideEffectUnderTheCap()
    {
        SweepCell Cell(int layer, float s, double effect, double rise) =>
            new(layer, s, effect, null, null, null, rise, 0);
        var cells = new[]
        {
            Cell(1, 0.5f, 0.10, 0.05),  // score 0.10 / 0.10 = 1.0
            Cell(2, 1f, 0.20, 0.30),    // over the cap
            Cell(3, 0.25f, 0.04, 0.00), // score 0.04 / 0.05 = 0.8
            Cell(4, 2f, -0.1, 0.01),    // no effect
        };
        Assert.Equal(cells[0], SelectionRule.Choose(cells, 0.2, hasPerplexity: true));
        Assert.Null(SelectionRule.Choose([cells[1], cells[3]], 0.2, hasPerplexity: true));
    }
}
