using Vane.Generation;
using Vane.Hooks;
using Vane.Loading;
using Vane.Model;
using Vane.Steering;
using Vane.Tokenization;

namespace Vane.Tests.Steering.Dynamic;

/// <summary>The mechanics of DAC on the demo model with the sea vector of the shipped pairs.</summary>
public class DynamicGeneratorTests
{
    internal const int SeaLayer = 2;

    internal static string Repo(string relative) => SharedData.RepoPath(relative);

    /// <summary>The mean-difference sea direction at <see cref="SeaLayer"/>, unscaled.</summary>
    internal static SteeringVector SeaVector(TransformerModel model, TextTokenizer tokenizer)
    {
        var pairs = JsonlPairs.Read(Repo("examples/sea-vs-government.jsonl"));
        return DirectionExtractor.Extract(model, tokenizer, pairs,
            new ExtractionOptions { Layers = LayerSelection.Of(SeaLayer) }).Vector;
    }

    static readonly string[] Prompts = ["It was", "In the", "The old man"];

    [Fact]
    public void FixedStrengthGivesTheTokensOfFixedSteering()
    {
        using var model = ModelLoader.Load(SharedData.DemoModel);
        var tokenizer = ModelLoader.LoadTokenizer(SharedData.DemoModel)!;
        var sea = SeaVector(model, tokenizer);
        var prompts = Prompts.Select(p => tokenizer.Encode(p)).ToList();
        const float c = 0.5f;

        var dac = new DynamicGenerator(model).Generate(prompts, [new DacProperty(sea)],
            new DacOptions { MaxNewTokens = 20, FixedStrength = c });

        var hooks = new HookSet(model.Config);
        using var steer = SteeringHooks.Apply(hooks, sea, new SteeringOptions { Strength = c });
        var plain = new Generator(model).Generate(prompts, new GenerationOptions { MaxNewTokens = 20 }, hooks);
        for (int i = 0; i < prompts.Count; i++)
        {
            Assert.Equal(plain[i].GeneratedIds, dac[i].GeneratedIds);
            Assert.All(dac[i].Strengths[0], a => Assert.Equal(c, a));
        }
    }

    [Fact]
    public void StrengthsLieInZeroToMaxAndRunsRepeat()
    {
        using var model = ModelLoader.Load(SharedData.DemoModel);
        var tokenizer = ModelLoader.LoadTokenizer(SharedData.DemoModel)!;
        var sea = SeaVector(model, tokenizer);
        var prompts = Prompts.Select(p => tokenizer.Encode(p)).ToList();
        var property = new DacProperty(sea) { MaxStrength = 1.5f };
        var options = new DacOptions { MaxNewTokens = 24 };

        var a = new DynamicGenerator(model).Generate(prompts, [property], options);
        var b = new DynamicGenerator(model).Generate(prompts, [property], options);
        for (int i = 0; i < prompts.Count; i++)
        {
            Assert.Equal(a[i].GeneratedIds, b[i].GeneratedIds);
            Assert.Equal(a[i].Strengths[0], b[i].Strengths[0]);
            Assert.Equal(a[i].GeneratedIds.Length, a[i].Strengths[0].Length);
            Assert.All(a[i].Strengths[0], s => Assert.InRange(s, 0f, 1.5f));
            Assert.Contains(a[i].Strengths[0], s => s > 0);
        }
    }

    [Fact]
    public void SeveralPropertiesEachGetTheirOwnStrength()
    {
        using var model = ModelLoader.Load(SharedData.DemoModel);
        var tokenizer = ModelLoader.LoadTokenizer(SharedData.DemoModel)!;
        var sea = SeaVector(model, tokenizer);
        var properties = new[]
        {
            new DacProperty(sea) { Name = "sea" },
            new DacProperty(sea.Scale(-1f)) { Name = "not sea", MaxStrength = 1f },
        };
        var r = new DynamicGenerator(model).Generate([tokenizer.Encode("It was")], properties,
            new DacOptions { MaxNewTokens = 16 })[0];
        Assert.Equal(2, r.Strengths.Length);
        Assert.All(r.Strengths[0], s => Assert.InRange(s, 0f, 2f));
        Assert.All(r.Strengths[1], s => Assert.InRange(s, 0f, 1f));
        Assert.NotEqual(r.Divergences[0], r.Divergences[1]);
    }

    [Fact]
    public void BatchedSlotsGiveTheLogitsOfSeparateRuns()
    {
        using var model = ModelLoader.Load(SharedData.DemoModel);
        var tokenizer = ModelLoader.LoadTokenizer(SharedData.DemoModel)!;
        var sea = SeaVector(model, tokenizer);
        var other = sea.Scale(-0.5f);
        DacProperty[] properties = [new(sea), new(other) { MaxStrength = 1f }];
        int[] prompt = tokenizer.Encode("The ship sailed");
        var slots = new DacSlots(1, properties);
        slots.SetStrength(0, 0, 0.7f);
        slots.SetStrength(0, 1, 0.2f);

        // one batch: unsteered, each property at a_max, composed
        var hooks = new HookSet(model.Config);
        float[] batched;
        using (slots.Apply(hooks))
        {
            int[] seqs = Enumerable.Range(0, slots.PerPrompt).ToArray();
            batched = new ForwardPass(model).Run(TokenBatch.Append(seqs.Select(_ => prompt).ToArray(), seqs,
                seqs.Select(_ => 0).ToArray()), new KvCache(model.Config), hooks);
        }

        // the same four runs one at a time with ordinary steering hooks
        (SteeringVector V, float C)[][] runs =
        [
            [],
            [(sea, 2f)],
            [(other, 1f)],
            [(sea, 0.7f), (other, 0.2f)],
        ];
        int vocab = model.Config.VocabSize;
        for (int s = 0; s < runs.Length; s++)
        {
            var single = new HookSet(model.Config);
            var regs = runs[s]
                .Select(t => SteeringHooks.Apply(single, t.V, new SteeringOptions { Strength = t.C }))
                .ToList();
            float[] alone = new ForwardPass(model).Run(TokenBatch.Single(prompt), new KvCache(model.Config), single);
            regs.ForEach(r => r.Dispose());
            for (int t = 0; t < vocab; t++)
                Assert.True(Math.Abs(alone[t] - batched[s * vocab + t]) < 1e-4f,
                    $"slot {s}, token {t}: batched {batched[s * vocab + t]}, alone {alone[t]}");
        }
    }

    [Fact]
    public void BadSettingsAreErrors()
    {
        using var model = ModelLoader.Load(SharedData.DemoModel);
        int d = model.Config.DModel;
        var v = new SteeringVector(d, new Dictionary<int, float[]> { [1] = new float[d] });
        var gen = new DynamicGenerator(model);
        Assert.Throws<ArgumentException>(() => gen.Generate([[1, 2]], [], new DacOptions()));
        Assert.Throws<ArgumentException>(() =>
            gen.Generate([[1, 2]], [new DacProperty(v) { MaxStrength = 0 }], new DacOptions()));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            gen.Generate([[1, 2]], [new DacProperty(v)], new DacOptions { TopP = 0 }));
        Assert.Throws<ArgumentException>(() => gen.Generate([[]], [new DacProperty(v)], new DacOptions()));
        var wide = new SteeringVector(d + 1, new Dictionary<int, float[]> { [1] = new float[d + 1] });
        Assert.Throws<ArgumentException>(() => gen.Generate([[1, 2]], [new DacProperty(wide)], new DacOptions()));
    }
}
