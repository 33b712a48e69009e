using Vane.Hooks;
using Vane.Loading;
using Vane.Model;
using Vane.Steering;

namespace Vane.Tests.Steering;

public class ExtractionTests
{
    static readonly string[] Sea =
    [
        "The whale rose from the deep sea beside the ship.",
        "Waves broke over the bow as the sailors hauled the ropes.",
        "The harpooner stood in the boat and watched the water.",
        "Salt spray covered the deck of the old whaling ship.",
        "The captain looked out over the endless grey ocean.",
        "We sailed south through the storm, the masts creaking.",
        "The crew lowered the boats when the whale was sighted.",
        "Far out at sea the wind filled every sail.",
        "The mate climbed the rigging to look for whales.",
        "Our ship drifted on the calm water under the moon.",
        "The sailors sang as they pulled the anchor from the sea.",
        "A great sperm whale spouted off the starboard bow.",
        "The ocean heaved and the ship rolled in the swell.",
        "The harpoon struck and the line ran out into the sea.",
        "Fishermen mended their nets on the rocky shore.",
        "The tide carried the little boat away from the harbour.",
        "The lookout cried that there were whales ahead.",
        "Storm clouds gathered over the dark and rolling sea.",
        "The old sailor told tales of monsters of the deep.",
        "The ship's timbers groaned against the pounding waves.",
    ];

    static readonly string[] Government =
    [
        "The Congress shall consider the budget for the coming year.",
        "Our government must reduce taxes on working families.",
        "The Secretary of the Treasury reported on the public debt.",
        "I ask the Congress to pass this legislation without delay.",
        "The states and the federal government share this duty.",
        "Our foreign policy must protect the interests of the nation.",
        "The administration will propose reforms to the tax code.",
        "Federal spending on public works has increased this year.",
        "The Constitution gives the Senate the power to ratify treaties.",
        "I recommend that the Congress provide for national defense.",
        "The revenue of the government exceeded its expenditures.",
        "Our citizens deserve an efficient and honest public service.",
        "The Department of Agriculture reports improved conditions.",
        "We must strengthen our economy and create new jobs.",
        "The President signed the bill into law last session.",
        "Public education is a responsibility of the several states.",
        "The national debt has been reduced by millions of dollars.",
        "This administration is committed to affordable health care.",
        "The Supreme Court ruled on the question of federal power.",
        "Tariff laws should be revised in the public interest.",
    ];

    static IReadOnlyList<ContrastPair> SeaVsGovernment() =>
        Sea.Zip(Government, (s, g) => new ContrastPair(s, g)).ToList();

    [Fact]
    public void MeanDifferenceSeparatesHeldOutSeaFromGovernment()
    {
        using var model = HfModelLoader.Load(SharedData.DemoModel);
        var tok = ModelLoader.LoadTokenizer(SharedData.DemoModel)!;
        var result = DirectionExtractor.Extract(model, tok, SeaVsGovernment(),
            new ExtractionOptions { ReadPosition = ReadPosition.Mean });

        Assert.Equal(model.Config.NLayers, result.Vector.Directions.Count);
        Assert.Equal(4, result.Report.NHeldOut);
        var best = result.Report.Layers.MaxBy(l => l.Separation)!;
        Assert.True(best.Separation > 0.8, $"best held-out separation {best.Separation} at block {best.Layer}");
        var md = result.Vector.Metadata;
        Assert.Equal("mean_diff", md["vane.method"]);
        Assert.Equal("hook_resid_post", md["vane.site"]);
        Assert.Equal("mean", md["vane.read_position"]);
        Assert.Equal("20", md["vane.n_pairs"]);
        Assert.Equal(ContrastPair.Hash(SeaVsGovernment()), md["vane.data_hash"]);
        Assert.True(md.ContainsKey($"vane.layer.{best.Layer}.separation"));
    }

    [Fact]
    public void BatchedReadsEqualOneExampleAtATime()
    {
        using var model = HfModelLoader.Load(SharedData.DemoModel);
        var tok = ModelLoader.LoadTokenizer(SharedData.DemoModel)!;
        var pairs = SeaVsGovernment().Take(3).ToList();
        var options = new ExtractionOptions { Layers = LayerSelection.Of(2) };
        var acts = PairActivations.Read(model, tok, pairs, [2], options);

        int d = model.Config.DModel;
        var hooks = new HookSet(model.Config);
        using var capture = new ActivationCapture(hooks, "blocks.2.hook_resid_post");
        int[] ids = tok.Encode(pairs[1].Negative);
        new ForwardPass(model).Run(TokenBatch.Single(ids), new KvCache(model.Config), hooks);
        var last = capture.Get("blocks.2.hook_resid_post").AsSpan((ids.Length - 1) * d, d).ToArray();
        var batched = acts.Negative[2].AsSpan(d, d).ToArray();
        for (int j = 0; j < d; j++)
            Assert.Equal(last[j], batched[j], 1e-4f);
    }

    [Theory]
    [InlineData(DirectionMethod.PcaDiff)]
    [InlineData(DirectionMethod.PcaCenter)]
    [InlineData(DirectionMethod.Logistic)]
    public void UnitMethodsGiveUnitVectorsThatPositivesProjectHigherOn(DirectionMethod method)
    {
        using var model = HfModelLoader.Load(SharedData.DemoModel);
        var tok = ModelLoader.LoadTokenizer(SharedData.DemoModel)!;
        var pairs = SeaVsGovernment();
        var result = DirectionExtractor.Extract(model, tok, pairs,
            new ExtractionOptions
            {
                Method = method,
                ReadPosition = ReadPosition.Mean,
                Layers = LayerSelection.Of(-2),
            });
        var dir = result.Vector.Directions[4];
        Assert.Equal(1.0, Math.Sqrt(dir.Sum(x => (double)x * x)), 3);
        var layer = Assert.Single(result.Report.Layers);
        Assert.True(layer.SignAgreement > 0.5, $"agreement {layer.SignAgreement}");

        var acts = PairActivations.Read(model, tok, pairs, [4],
            new ExtractionOptions { ReadPosition = ReadPosition.Mean });
        int d = model.Config.DModel, higher = 0;
        for (int i = 0; i < pairs.Count; i++)
        {
            double dp = 0, dq = 0;
            for (int j = 0; j < d; j++)
                (dp, dq) = (dp + acts.Positive[4][i * d + j] * dir[j], dq + acts.Negative[4][i * d + j] * dir[j]);
            if (dp > dq) higher++;
        }
        Assert.True(higher > pairs.Count / 2, $"{higher} of {pairs.Count} pairs project higher");
    }

    [Fact]
    public void HundredPairsFromTemplatesInOneCall()
    {
        using var model = HfModelLoader.Load(SharedData.DemoModel);
        var tok = ModelLoader.LoadTokenizer(SharedData.DemoModel)!;
        var suffixes = PersonaTemplates.ReadSuffixes(
            SharedData.Path("data/steering/repeng/all_truncated_outputs.json"));
        var pairs = PersonaTemplates.Expand("Speak of {persona}.", ["the sea", "whales"], ["the Congress", "taxes"],
            suffixes.Take(50).ToList());
        Assert.Equal(100, pairs.Count);
        var result = DirectionExtractor.Extract(model, tok, pairs,
            new ExtractionOptions { Method = DirectionMethod.PcaDiff });
        Assert.Equal(20, result.Report.NHeldOut);
        Assert.All(result.Report.Layers, l => Assert.InRange(l.ExplainedVariance, 0, 1));
    }

    [Fact]
    public void ReadPositionsPickTheirWindows()
    {
        Func<string, int[]> encode = s => s.Split(' ').Select(w => w.Length).ToArray();
        Assert.Equal(("a bb ccc", 2, 3), ReadPosition.Last.Window("a bb ccc", encode));
        Assert.Equal(("a bb ccc", 0, 3), ReadPosition.Mean.Window("a bb ccc", encode));
        Assert.Equal(("a bb ccc", 1, 2), ReadPosition.At(-2).Window("a bb ccc", encode));
        Assert.Equal(("a bb ccc", 2, 3), ReadPosition.Suffix("|").Window("a bb| ccc", encode));
        Assert.Throws<ArgumentException>(() => ReadPosition.At(5).Window("a b", encode));
        Assert.Throws<ArgumentException>(() => ReadPosition.Suffix("|").Window("a b", encode));
    }

    [Fact]
    public void ActAddAddsToTheFirstPositionsOnly()
    {
        using var model = HfModelLoader.Load(SharedData.DemoModel);
        var tok = ModelLoader.LoadTokenizer(SharedData.DemoModel)!;
        var act = ActAdd.Extract(model, tok, "The whale", "The Congress", LayerSelection.Of(3));
        Assert.True(act.Positions >= 2);
        var hooks = new HookSet(model.Config);
        int[] prompt = tok.Encode("I went out and saw something large today");
        float[] plain;
        using (var c = new ActivationCapture(hooks, "blocks.3.hook_resid_post"))
        {
            new ForwardPass(model).Run(TokenBatch.Single(prompt), new KvCache(model.Config), hooks);
            plain = c.Get("blocks.3.hook_resid_post");
        }
        using var steer = ActAdd.Apply(hooks, act, 2f);
        using var capture = new ActivationCapture(hooks, "blocks.3.hook_resid_post");
        new ForwardPass(model).Run(TokenBatch.Single(prompt), new KvCache(model.Config), hooks);
        var rows = capture.Get("blocks.3.hook_resid_post");
        int d = model.Config.DModel;
        for (int j = 0; j < d; j++)
        {
            Assert.Equal(plain[act.Positions * d + j], rows[act.Positions * d + j]);
            Assert.Equal(plain[d + j] + 2 * act.Rows[3][d + j], rows[d + j], 1e-4f);
        }
    }
}
