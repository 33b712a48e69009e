using Vane.Evaluation;
using Vane.Generation;
using Vane.Hooks;
using Vane.Steering;
using Vane.Tests.Evaluation;
using Xunit.Abstractions;

namespace Vane.Tests.Steering.Transport;

/// <summary>
/// Linear-AcT on the demo model: transport from speech passages to sea passages; the share of
/// sea words in greedy continuations of neutral prompts grows with lambda.
/// </summary>
public class TransportAcceptanceTests(DemoModelFixture demo, ITestOutputHelper output)
    : IClassFixture<DemoModelFixture>
{
    internal const string Sites =
        "blocks.1.hook_resid_post,blocks.2.hook_resid_post,blocks.3.hook_resid_post,blocks.4.hook_resid_post";

    TransportMap FitSea(TransportMethod method = TransportMethod.Linear)
    {
        var speech = Passages.Of(SharedData.Path("data/text/sotu-heldout.txt"), 40);
        var sea = Passages.Of(SharedData.Path("data/text/mobydick-heldout.txt"), 40);
        return TransportFit.Fit(demo.Model, Encode(speech), Encode(sea),
            TransportSites.Resolve(Sites, demo.Model.Config.NLayers), method, "vane-demo-3m");
    }

    List<int[]> Encode(IEnumerable<string> texts) => texts.Select(t => demo.Tokenizer.Encode(t)).ToList();

    (string[] Texts, int[][] Ids) Continue(TransportMap? map, float lambda)
    {
        var prompts = Encode(File.ReadAllLines(Path.Combine(Repo, "examples/neutral-prompts.txt"))
            .Where(l => l.Trim().Length > 0));
        var hooks = new HookSet(demo.Model.Config);
        using var reg = map is null ? null : TransportHooks.Apply(hooks, map, lambda);
        var results = new Generator(demo.Model).Generate(prompts,
            new GenerationOptions { MaxNewTokens = 40, StopIds = demo.Tokenizer.EosIds }, hooks);
        return (results.Select(r => demo.Tokenizer.Decode(r.GeneratedIds)).ToArray(),
            results.Select(r => r.GeneratedIds).ToArray());
    }

    static string Repo => Passages.Repo;

    [Fact]
    public void SeaShareGrowsWithLambdaAndLambdaZeroIsUnsteered()
    {
        var map = FitSea();
        var sea = WordList.Load(Path.Combine(Repo, "examples/sea-words.txt"));
        var (_, plain) = Continue(null, 0);
        var shares = new List<double>();
        foreach (float lambda in new[] { 0f, 0.25f, 0.5f, 0.75f, 1f })
        {
            var (texts, ids) = Continue(map, lambda);
            if (lambda == 0)
                Assert.Equal(plain, ids);
            double share = texts.Average(t => LexiconScore.Share(t, sea));
            shares.Add(share);
            output.WriteLine($"lambda {lambda:F2}: sea share {share:F4}  e.g. \"{texts[0]}\"");
        }
        for (int i = 1; i < shares.Count; i++)
            Assert.True(shares[i] >= shares[i - 1] - 0.005,
                $"sea share fell from {shares[i - 1]:F4} to {shares[i]:F4} at step {i}");
        Assert.True(shares[^1] > shares[0] + 0.02, $"no effect: {shares[0]:F4} -> {shares[^1]:F4}");
    }
}
