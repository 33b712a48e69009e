using Vane.Generation;
using Vane.Hooks;
using Vane.Loading;
using Vane.Model;
using Vane.Steering;

namespace Vane.Tests.Steering;

public class SteeringHooksTests
{
    static readonly int[] Prompt = [1, 40, 300, 77, 512, 9, 1200];

    static SteeringVector RandomVector(int dModel, int[] layers, int seed, float scale = 1f)
    {
        var rng = new Random(seed);
        return new SteeringVector(dModel, layers.ToDictionary(l => l,
            _ => Enumerable.Range(0, dModel).Select(_ => scale * (float)(rng.NextDouble() * 2 - 1)).ToArray()));
    }

    static float[] Logits(TransformerModel model, HookSet hooks, int[]? prompt = null) =>
        new ForwardPass(model).Run(TokenBatch.Single(prompt ?? Prompt, allLogits: true),
            new KvCache(model.Config), hooks);

    [Fact]
    public void StrengthCOnVEqualsStrengthOneOnCTimesV()
    {
        using var model = HfModelLoader.Load(SharedData.DemoModel);
        var v = RandomVector(model.Config.DModel, [1, 3], 1);
        var hooks = new HookSet(model.Config);
        float[] a, b;
        using (SteeringHooks.Apply(hooks, v, new SteeringOptions { Strength = 2.5f }))
            a = Logits(model, hooks);
        using (SteeringHooks.Apply(hooks, v.Scale(2.5f), new SteeringOptions { Strength = 1f }))
            b = Logits(model, hooks);
        Assert.Equal(a.Length, b.Length);
        for (int i = 0; i < a.Length; i++)
            Assert.Equal(a[i], b[i], 1e-5f);
        Assert.NotEqual(Logits(model, hooks), a);
    }

    [Fact]
    public void AZeroVectorChangesNothing()
    {
        using var model = HfModelLoader.Load(SharedData.Path("models/tiny-random-llama"));
        var zero = new SteeringVector(model.Config.DModel,
            Enumerable.Range(0, model.Config.NLayers).ToDictionary(l => l, _ => new float[model.Config.DModel]));
        var hooks = new HookSet(model.Config);
        float[] plain = Logits(model, hooks, [3, 4, 5]);
        foreach (SteeringMode mode in Enum.GetValues<SteeringMode>())
            using (SteeringHooks.Apply(hooks, zero, new SteeringOptions { Mode = mode, Strength = 8 }))
                Assert.Equal(plain, Logits(model, hooks, [3, 4, 5]));
    }

    [Fact]
    public void AfterAblationTheComponentAlongVIsZero()
    {
        using var model = HfModelLoader.Load(SharedData.DemoModel);
        var v = RandomVector(model.Config.DModel, [2], 3);
        var hooks = new HookSet(model.Config);
        using var steer = SteeringHooks.Apply(hooks, v, new SteeringOptions { Mode = SteeringMode.Ablate });
        using var capture = new ActivationCapture(hooks, "blocks.2.hook_resid_post");
        Logits(model, hooks);
        var rows = capture.Get("blocks.2.hook_resid_post");
        var u = v.Directions[2];
        float norm = MathF.Sqrt(u.Sum(x => x * x));
        for (int r = 0; r < Prompt.Length; r++)
        {
            var row = rows.AsSpan(r * u.Length, u.Length);
            float along = 0, size = 0;
            for (int j = 0; j < u.Length; j++)
                (along, size) = (along + row[j] * u[j] / norm, size + row[j] * row[j]);
            Assert.True(MathF.Abs(along) < 1e-4f * MathF.Sqrt(size), $"row {r}: component {along}");
        }
    }

    [Fact]
    public void AblateThenAddSetsTheComponentToCTimesNorm()
    {
        using var model = HfModelLoader.Load(SharedData.DemoModel);
        var v = RandomVector(model.Config.DModel, [4], 4, 0.3f);
        var hooks = new HookSet(model.Config);
        using var steer = SteeringHooks.Apply(hooks, v,
            new SteeringOptions { Mode = SteeringMode.AblateThenAdd, Strength = -2f });
        using var capture = new ActivationCapture(hooks, "blocks.4.hook_resid_post");
        Logits(model, hooks);
        var rows = capture.Get("blocks.4.hook_resid_post");
        var u = v.Directions[4];
        float norm = MathF.Sqrt(u.Sum(x => x * x));
        for (int r = 0; r < Prompt.Length; r++)
        {
            float along = 0;
            for (int j = 0; j < u.Length; j++)
                along += rows[r * u.Length + j] * u[j] / norm;
            Assert.Equal(-2f * norm, along, 1e-3f);
        }
    }

    [Fact]
    public void NormPreservingAddKeepsRowNorms()
    {
        using var model = HfModelLoader.Load(SharedData.DemoModel);
        int d = model.Config.DModel;
        var v = RandomVector(d, [1], 5);
        var hooks = new HookSet(model.Config);
        float[] before;
        using (var c = new ActivationCapture(hooks, "blocks.1.hook_resid_post"))
        {
            Logits(model, hooks);
            before = c.Get("blocks.1.hook_resid_post");
        }
        using var steer = SteeringHooks.Apply(hooks, v,
            new SteeringOptions { Mode = SteeringMode.NormPreservingAdd, Strength = 4f });
        using var capture = new ActivationCapture(hooks, "blocks.1.hook_resid_post");
        Logits(model, hooks);
        var after = capture.Get("blocks.1.hook_resid_post");
        Assert.NotEqual(before, after);
        for (int r = 0; r < Prompt.Length; r++)
        {
            float nb = MathF.Sqrt(before.AsSpan(r * d, d).ToArray().Sum(x => x * x));
            float na = MathF.Sqrt(after.AsSpan(r * d, d).ToArray().Sum(x => x * x));
            Assert.Equal(nb, na, nb * 1e-5f);
        }
    }

    [Fact]
    public void AffineWithZeroMeanAndStrengthIsAblation()
    {
        using var model = HfModelLoader.Load(SharedData.DemoModel);
        var v = RandomVector(model.Config.DModel, [0, 3], 6);
        var hooks = new HookSet(model.Config);
        float[] ablated, affine;
        using (SteeringHooks.Apply(hooks, v, new SteeringOptions { Mode = SteeringMode.Ablate }))
            ablated = Logits(model, hooks);
        var mu = new Dictionary<int, float[]> { [0] = new float[model.Config.DModel] };
        using (SteeringHooks.Apply(hooks, v,
            new SteeringOptions { Mode = SteeringMode.Affine, Strength = 0, ReferenceMean = mu }))
            affine = Logits(model, hooks);
        for (int i = 0; i < ablated.Length; i++)
            Assert.Equal(ablated[i], affine[i], 1e-4f);
    }

    [Fact]
    public void GeneratedPositionsSteerTheFirstGeneratedTokenAndNotEarlierPromptRows()
    {
        using var model = HfModelLoader.Load(SharedData.DemoModel);
        var v = RandomVector(model.Config.DModel, [2, 3, 4], 7, 8f);
        var hooks = new HookSet(model.Config);
        var gen = new Generator(model);
        var opts = new GenerationOptions { MaxNewTokens = 1 };
        int plainFirst = gen.Generate([Prompt], opts, hooks)[0].GeneratedIds[0];
        float[] plainRows;
        using (var c = new ActivationCapture(hooks, "blocks.4.hook_resid_post"))
        {
            Logits(model, hooks);
            plainRows = c.Get("blocks.4.hook_resid_post");
        }

        var lengths = PromptLengths.Same(Prompt.Length);
        using var steer = SteeringHooks.Apply(hooks, v,
            new SteeringOptions { Positions = SteeringPositions.Generated(lengths), Strength = 1f });
        int steeredFirst = gen.Generate([Prompt], opts, hooks)[0].GeneratedIds[0];
        Assert.NotEqual(plainFirst, steeredFirst);

        using var capture = new ActivationCapture(hooks, "blocks.4.hook_resid_post");
        Logits(model, hooks);
        var rows = capture.Get("blocks.4.hook_resid_post");
        int d = model.Config.DModel, last = Prompt.Length - 1;
        Assert.Equal(plainRows.AsSpan(0, last * d).ToArray(), rows.AsSpan(0, last * d).ToArray());
        Assert.NotEqual(plainRows.AsSpan(last * d, d).ToArray(), rows.AsSpan(last * d, d).ToArray());
    }

    [Fact]
    public void PromptLengthsArePerSequence()
    {
        var positions = SteeringPositions.Generated(
            PromptLengths.PerSequence(new Dictionary<int, int> { [0] = 3, [1] = 5 }));
        Assert.False(positions.Includes(0, 1));
        Assert.True(positions.Includes(0, 2));
        Assert.False(positions.Includes(1, 3));
        Assert.True(positions.Includes(1, 4));
        Assert.Throws<KeyNotFoundException>(() => positions.Includes(2, 0));
        var prompt = SteeringPositions.Prompt(PromptLengths.Same(3));
        Assert.True(prompt.Includes(7, 2));
        Assert.False(prompt.Includes(7, 3));
    }

    [Fact]
    public void BadOptionsAreErrors()
    {
        using var model = HfModelLoader.Load(SharedData.Path("models/tiny-random-llama"));
        var c = model.Config;
        var hooks = new HookSet(c);
        var v = RandomVector(c.DModel, [0], 8);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            SteeringHooks.Apply(hooks, v, new SteeringOptions { Layers = LayerSelection.Of(c.NLayers) }));
        Assert.Contains($"layer {c.NLayers}", e.Message);
        Assert.Throws<ArgumentException>(() =>
            SteeringHooks.Apply(hooks, RandomVector(c.DModel + 1, [0], 9), new SteeringOptions()));
        Assert.Throws<ArgumentException>(() =>
            SteeringHooks.Apply(hooks, v, new SteeringOptions { Strength = float.NaN }));
        Assert.Throws<ArgumentException>(() =>
            SteeringHooks.Apply(hooks, v, new SteeringOptions { Strength = float.PositiveInfinity }));
        Assert.True(hooks.IsEmpty);
    }

    [Fact]
    public void SeveralVectorsSum()
    {
        using var model = HfModelLoader.Load(SharedData.DemoModel);
        int d = model.Config.DModel;
        var a = RandomVector(d, [1], 10);
        var b = RandomVector(d, [1, 2], 11);
        var hooks = new HookSet(model.Config);
        float[] two, one;
        using (SteeringHooks.Apply(hooks, a, new SteeringOptions { Strength = 2 }))
        using (SteeringHooks.Apply(hooks, b, new SteeringOptions { Strength = -1 }))
            two = Logits(model, hooks);
        using (SteeringHooks.Apply(hooks, SteeringVector.Combine([(a, 2f), (b, -1f)]), new SteeringOptions()))
            one = Logits(model, hooks);
        for (int i = 0; i < one.Length; i++)
            Assert.Equal(one[i], two[i], 1e-4f);
    }
}
