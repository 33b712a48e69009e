using Vane.Evaluation;
using Vane.Hooks;

namespace Vane.Tests.Evaluation;

public class AbEvaluationTests(DemoModelFixture demo) : IClassFixture<DemoModelFixture>
{
    static string CaaFile(string behaviour) =>
        SharedData.Path($"data/steering/caa/test/{behaviour}/test_dataset_ab.json");

    [Theory]
    [InlineData("refusal")]
    [InlineData("sycophancy")]
    public void RealCaaFileGivesProbabilities(string behaviour)
    {
        var items = AbDataset.Load(CaaFile(behaviour), maxItems: 20);
        var eval = new AbEvaluation(demo.Model, demo.Tokenizer) { BatchSize = 6 };

        var r = eval.Run(items);

        Assert.Equal(20, r.Items.Count);
        for (int i = 0; i < r.Items.Count; i++)
        {
            var item = r.Items[i];
            Assert.Equal(i, item.Index);
            Assert.Equal(items[i].Matching, item.Matching);
            Assert.InRange(item.ProbA, 0, 1);
            Assert.InRange(item.ProbB, 0, 1);
            Assert.InRange(item.PMatching, 0, 1);
        }
        Assert.InRange(r.MeanPMatching, 0, 1);
        Assert.InRange(r.MeanLetterMass, 0, 1);
    }

    [Fact]
    public void BatchSizeDoesNotChangeAnswers()
    {
        var items = AbDataset.Load(CaaFile("refusal"), maxItems: 5);

        var one = new AbEvaluation(demo.Model, demo.Tokenizer) { BatchSize = 1 }.Run(items);
        var all = new AbEvaluation(demo.Model, demo.Tokenizer) { BatchSize = 5 }.Run(items);

        for (int i = 0; i < items.Count; i++)
            Assert.Equal(one.Items[i].PMatching, all.Items[i].PMatching, 5);
    }

    [Fact]
    public void HooksChangeTheAnswers()
    {
        var items = AbDataset.Load(CaaFile("refusal"), maxItems: 4);
        var eval = new AbEvaluation(demo.Model, demo.Tokenizer);
        var hooks = new HookSet(demo.Model.Config);
        hooks.Add("blocks.4.hook_resid_post", ctx =>
        {
            foreach (ref float x in ctx.Activations)
                x *= 3;
        });

        var plain = eval.Run(items);
        var steered = eval.Run(items, hooks);

        Assert.NotEqual(plain.Items[0].ProbA, steered.Items[0].ProbA);
    }

    [Fact]
    public void PromptEndsWhereTheLetterComes()
    {
        var eval = new AbEvaluation(demo.Model, demo.Tokenizer);

        string p = eval.BuildPrompt(new AbItem("Q?\n\nChoices:\n(A) yes\n(B) no", 'A', 'B'));

        Assert.Equal("Q?\n\nChoices:\n(A) yes\n(B) no\n\nAnswer: (", p);
    }

    [Fact]
    public void MalformedItemNamesFileAndIndex()
    {
        using var dir = new TempDir();
        string path = dir.File("bad.json");
        File.WriteAllText(path, """
            [
              {"question": "ok?", "answer_matching_behavior": "(A)", "answer_not_matching_behavior": "(B)"},
              {"question": "bad?", "answer_matching_behavior": "(C)", "answer_not_matching_behavior": "(B)"}
            ]
            """);

        var e = Assert.Throws<InvalidDataException>(() => AbDataset.Load(path));

        Assert.Contains(path, e.Message);
        Assert.Contains("item 1", e.Message);
        Assert.Contains("(C)", e.Message);
    }

    [Theory]
    [InlineData("""[{"answer_matching_behavior": "(A)", "answer_not_matching_behavior": "(B)"}]""", "item 0")]
    [InlineData("""[{"question": "q", "answer_matching_behavior": "(A",""" +
                """ "answer_not_matching_behavior": "(A)"}]""", "item 0")]
    [InlineData("""[{"question": "q", "answer_matching_behavior": "(A)",""" +
                """ "answer_not_matching_behavior": "(A)"}]""", "both")]
    [InlineData("""[3]""", "item 0")]
    [InlineData("""{"question": "q"}""", "array")]
    [InlineData("""[{""", "JSON")]
    public void OtherMalformedFilesThrow(string json, string expected)
    {
        using var dir = new TempDir();
        string path = dir.File("bad.json");
        File.WriteAllText(path, json);

        var e = Assert.Throws<InvalidDataException>(() => AbDataset.Load(path));

        Assert.Contains(path, e.Message);
        Assert.Contains(expected, e.Message);
    }
}
