using System.Text.Json;
using Vane.Hooks;
using Vane.Loading;
using Vane.Model;

namespace Vane.Tests.Model;

/// <summary>One prompt of shared/reference/MODEL/greedy.jsonl with its logits and residuals.</summary>
public sealed record ReferencePrompt(
    int[] PromptIds,
    int[] GreedyIds,
    (int Id, double Logit)[][] Top8,
    float[] Logits,
    float[] ResidPost);

/// <summary>Reads the float64 reference outputs of a model in shared/reference.</summary>
public static class ReferenceCase
{
    /// <summary>Every prompt of <paramref name="model"/>'s greedy.jsonl with its tensors.</summary>
    public static List<ReferencePrompt> Load(string model)
    {
        string dir = SharedData.Path($"reference/{model}");
        using var tensors = SafeTensorsFile.Open(Path.Combine(dir, "logits.safetensors"));
        var result = new List<ReferencePrompt>();
        int i = 0;
        foreach (string line in File.ReadLines(Path.Combine(dir, "greedy.jsonl")))
        {
            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            var top8 = r.GetProperty("top8_logits").EnumerateArray()
                .Select(step => step.EnumerateArray()
                    .Select(p => (p[0].GetInt32(), p[1].GetDouble())).ToArray())
                .ToArray();
            var logitsInfo = tensors.Info($"prompt{i}.logits");
            var residInfo = tensors.Info($"prompt{i}.resid_post");
            result.Add(new ReferencePrompt(
                Ints(r.GetProperty("prompt_ids")),
                Ints(r.GetProperty("greedy_ids")),
                top8,
                tensors.ReadFloats(logitsInfo.Name, logitsInfo.Shape),
                tensors.ReadFloats(residInfo.Name, residInfo.Shape)));
            i++;
        }
        return result;
    }

    /// <summary>An int array from a JSON array.</summary>
    public static int[] Ints(JsonElement e) => e.EnumerateArray().Select(x => x.GetInt32()).ToArray();

    /// <summary>Asserts |a - b| &lt;= tol * max(1, max|b|) elementwise, reporting the worst index.</summary>
    public static void AssertClose(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected, double tol, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = 1;
        foreach (float e in expected)
            scale = Math.Max(scale, Math.Abs(e));
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            double diff = Math.Abs(actual[i] - expected[i]);
            if (diff > worst)
                (worst, at) = (diff, i);
        }
        Assert.True(worst <= tol * scale,
            $"{what}: max |diff| {worst:g4} at {at} (got {(at >= 0 ? actual[at] : 0)}, " +
            $"expected {(at >= 0 ? expected[at] : 0)}) exceeds {tol} x {scale:g4}");
    }

    /// <summary>
    /// For every reference prompt of <paramref name="name"/>: the last position's logits and the
    /// resid_post of every block within 1e-3 x max(1, max|ref|).
    /// </summary>
    public static void AssertLogitsAndResiduals(TransformerModel model, string name, string what)
    {
        var c = model.Config;
        var pass = new ForwardPass(model);
        foreach (var (prompt, i) in Load(name).Select((p, i) => (p, i)))
        {
            var resid = new float[c.NLayers * c.DModel]; // [NLayers, DModel]
            var hooks = new HookSet(c);
            using var _ = hooks.Add("blocks.*.hook_resid_post", ctx =>
                ctx.Row(ctx.Rows - 1).CopyTo(resid.AsSpan(ctx.Layer * c.DModel, c.DModel)));

            float[] logits = pass.Run(TokenBatch.Single(prompt.PromptIds), new KvCache(c), hooks);

            AssertClose(logits, prompt.Logits, 1e-3, $"{what} prompt {i} logits");
            AssertClose(resid, prompt.ResidPost, 1e-3, $"{what} prompt {i} resid_post");
        }
    }

    /// <summary>
    /// Greedy ids of every reference prompt, each step checked on the reference path (the
    /// reference token is fed back); a near-tie (top two within 1e-3) accepts either token.
    /// </summary>
    public static void AssertGreedyIds(TransformerModel model, string name, string what)
    {
        var pass = new ForwardPass(model);
        foreach (var (prompt, i) in Load(name).Select((p, i) => (p, i)))
        {
            var cache = new KvCache(model.Config);
            float[] logits = pass.Run(TokenBatch.Single(prompt.PromptIds), cache);
            for (int step = 0; step < prompt.GreedyIds.Length; step++)
            {
                int expected = prompt.GreedyIds[step];
                int got = System.Numerics.Tensors.TensorPrimitives.IndexOfMax(logits);
                var top = prompt.Top8[step];
                bool nearTie = top.Length > 1 && top[0].Logit - top[1].Logit < 1e-3 && got == top[1].Id;
                Assert.True(got == expected || nearTie,
                    $"{what} prompt {i} step {step}: greedy id {got}, expected {expected}");
                logits = pass.Run(new TokenBatch([expected], [cache.Length(0)], [0], [0]), cache);
            }
        }
    }
}
