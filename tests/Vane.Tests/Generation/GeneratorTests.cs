using System.Text.Json;
using Vane.Generation;
using Vane.Hooks;
using Vane.Loading;
using Vane.Model;
using Vane.Tests.Model;

namespace Vane.Tests.Generation;

public class GeneratorTests
{
    [Theory]
    [InlineData("vane-demo-3m")]
    [InlineData("tiny-random-llama")]
    [InlineData("tiny-random-qwen2")]
    [InlineData("tiny-random-gpt2")]
    public void BatchedGreedyGenerationGivesReferenceIds(string name)
    {
        using var model = HfModelLoader.Load(SharedData.Path($"models/{name}"));
        var refs = ReferenceCase.Load(name);
        var generator = new Generator(model);

        // all prompts, of different lengths, in one batch
        var results = generator.Generate(refs.Select(r => r.PromptIds).ToList(),
            new GenerationOptions { MaxNewTokens = refs.Max(r => r.GreedyIds.Length) });

        for (int i = 0; i < refs.Count; i++)
            AssertGreedyMatches(refs[i], results[i].GeneratedIds, $"{name} prompt {i}");
    }

    [Theory]
    [InlineData("vane-demo-3m")]
    [InlineData("tiny-random-llama")]
    [InlineData("tiny-random-qwen2")]
    [InlineData("tiny-random-gpt2")]
    public void SteeringCaseThroughHooksReproducesReference(string name)
    {
        using var model = HfModelLoader.Load(SharedData.Path($"models/{name}"));
        string dir = SharedData.Path($"reference/{name}");
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "steer.json")));
        var steer = doc.RootElement;
        Assert.Equal("all", steer.GetProperty("positions").GetString());
        using var tensors = SafeTensorsFile.Open(Path.Combine(dir, "logits.safetensors"));
        float[] vector = tensors.ReadFloats(steer.GetProperty("vector").GetString()!, model.Config.DModel);
        float[] expectedLogits = tensors.ReadFloats(steer.GetProperty("logits").GetString()!, model.Config.VocabSize);
        float strength = steer.GetProperty("strength").GetSingle();
        var prompt = ReferenceCase.Load(name)[steer.GetProperty("prompt").GetInt32()];
        int[] expectedIds = ReferenceCase.Ints(steer.GetProperty("greedy_ids"));

        var hooks = new HookSet(model.Config);
        using var _ = hooks.Add(steer.GetProperty("site").GetString()!, ctx =>
        {
            for (int r = 0; r < ctx.Rows; r++)
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(vector, strength, ctx.Row(r), ctx.Row(r));
        });

        var batch = TokenBatch.Single(prompt.PromptIds);
        float[] logits = new ForwardPass(model).Run(batch, new KvCache(model.Config), hooks);
        ReferenceCase.AssertClose(logits, expectedLogits, 1e-3, $"{name} steered logits");

        var result = new Generator(model).Generate([prompt.PromptIds],
            new GenerationOptions { MaxNewTokens = expectedIds.Length }, hooks)[0];
        Assert.Equal(expectedIds, result.GeneratedIds);
    }

    [Fact]
    public void SeededSamplingIsRepeatableAndStopsAtBudget()
    {
        using var model = HfModelLoader.Load(SharedData.DemoModel);
        var options = new GenerationOptions
        {
            MaxNewTokens = 12,
            Sampling = new SamplingOptions { Temperature = 0.8f, TopK = 40, TopP = 0.9f, Seed = 7 },
        };
        var a = new Generator(model).Generate([[1, 368]], options)[0];
        var b = new Generator(model).Generate([[1, 368]], options)[0];
        Assert.Equal(a.GeneratedIds, b.GeneratedIds);
        Assert.Equal(12, a.GeneratedIds.Length);
        Assert.Equal(StopReason.MaxTokens, a.Reason);
    }

    [Fact]
    public void StopsAtEosWithoutEmittingIt()
    {
        using var model = HfModelLoader.Load(SharedData.DemoModel);
        var greedy = new Generator(model).Generate([[1, 368]], new GenerationOptions { MaxNewTokens = 5 })[0];
        int stopAt = greedy.GeneratedIds[2];
        var result = new Generator(model).Generate([[1, 368]],
            new GenerationOptions { MaxNewTokens = 5, StopIds = [stopAt] })[0];
        Assert.Equal(StopReason.Eos, result.Reason);
        Assert.Equal(greedy.GeneratedIds[..2], result.GeneratedIds);
    }

    static void AssertGreedyMatches(ReferencePrompt reference, int[] got, string what)
    {
        for (int step = 0; step < reference.GreedyIds.Length; step++)
        {
            if (got[step] == reference.GreedyIds[step])
                continue;
            var top = reference.Top8[step];
            // a near-tie in the reference allows either token; the paths diverge after it
            Assert.True(top[0].Logit - top[1].Logit < 1e-3 && got[step] == top[1].Id,
                $"{what} step {step}: got {got[step]}, expected {reference.GreedyIds[step]}");
            return;
        }
    }
}
