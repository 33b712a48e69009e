using Vane.LlamaCpp;
using Vane.Loading;
using Vane.Loading.Gguf;
using Vane.Model;
using Vane.Tests.Model;

namespace Vane.Tests.LlamaCpp;

/// <summary>
/// Vane and llama.cpp (through LLamaSharp's CPU backend) load the same GGUF file, written by
/// `vane convert`, and must agree on next-token logits and greedy continuations.
/// </summary>
public class LlamaCppParityTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string model in new[] { "vane-demo-3m", "tiny-random-llama", "tiny-random-qwen2", "tiny-random-gpt2" })
            foreach (string type in new[] { "F32", "Q8_0" })
                data.Add(model, type);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void LogitsAndGreedyIdsAgree(string name, string typeName)
    {
        var type = Enum.Parse<GgmlType>(typeName);
        using var dir = new TempDir();
        string gguf = dir.File($"{name}.{typeName}.gguf");
        HfToGguf.Convert(SharedData.Path($"models/{name}"), gguf, type);

        using var vane = ModelLoader.Load(gguf);
        using var cpp = new LlamaCppModel(gguf, contextSize: vane.Config.MaxPositions, threads: 2);
        Assert.Equal(vane.Config.VocabSize, cpp.VocabSize);
        var pass = new ForwardPass(vane);
        // F32: both compute the same float32 arithmetic in a different order.
        // Q8_0: llama.cpp also rounds each activation block to 8 bits before the product
        // (Vane keeps activations in F32), an error of up to 1/254 of the block's largest value
        // per product, which grows through the layers to about 1% of the logit range.
        double tolerance = type == GgmlType.F32 ? 1e-3 : 3e-2;
        foreach (var (prompt, i) in ReferenceCase.Load(name).Select((p, i) => (p, i)))
        {
            float[] ours = pass.Run(TokenBatch.Single(prompt.PromptIds), new KvCache(vane.Config));
            float[] theirs = cpp.Logits(prompt.PromptIds);
            double range = ours.Max() - ours.Min();
            double worst = ours.Zip(theirs, (a, b) => Math.Abs(a - b)).Max();
            Assert.True(worst <= tolerance * range,
                $"{name} {type} prompt {i}: max |logit diff| {worst:g4} > {tolerance} x range {range:g4}");

            int n = prompt.GreedyIds.Length;
            var generated = new Vane.Generation.Generator(vane).Generate([prompt.PromptIds],
                new Vane.Generation.GenerationOptions { MaxNewTokens = n })[0].GeneratedIds;
            AssertSameGreedy(pass, prompt.PromptIds, generated, cpp.Greedy(prompt.PromptIds, n), tolerance,
                $"{name} {type} prompt {i}");
        }
    }

    // Identical ids, except that after a step where Vane's top two logits lie within the
    // logit tolerance of each other (a tie at this precision) the paths may part.
    static void AssertSameGreedy(ForwardPass pass, int[] prompt, int[] ours, int[] theirs, double tolerance,
        string what)
    {
        for (int k = 0; k < ours.Length; k++)
        {
            if (ours[k] == theirs[k])
                continue;
            float[] logits = pass.Run(TokenBatch.Single([.. prompt, .. ours[..k]]), new KvCache(pass.Model.Config));
            var top = logits.Order().TakeLast(2).ToArray();
            double gap = top[1] - top[0], range = logits.Max() - logits.Min();
            Assert.True(gap <= tolerance * range,
                $"{what}: greedy step {k}: Vane {ours[k]}, llama.cpp {theirs[k]}, top-2 gap {gap:g4} " +
                $"is no tie (tolerance {tolerance} x range {range:g4})");
            return;
        }
    }
}
