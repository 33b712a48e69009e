using System.Text.Json;
using Vane.Loading;

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
}
