using Vane.Hooks;
using Vane.LlamaCpp;
using Vane.Loading;
using Vane.Loading.Gguf;
using Vane.Model;
using Vane.Steering;
using Vane.Steering.Files;
using Vane.Tests.Model;

namespace Vane.Tests.LlamaCpp;

/// <summary>
/// A control vector file applied by llama.cpp must steer exactly as Vane's hook at
/// blocks.L.hook_resid_post does: this pins the layer numbering of direction.N.
/// </summary>
public class ControlVectorParityTests
{
    const float Strength = 1.5f;

    [Fact]
    public void LlamaCppAndVaneHooksSteerTheSame()
    {
        using var dir = new TempDir();
        string gguf = dir.File("demo.gguf");
        HfToGguf.Convert(SharedData.DemoModel, gguf, GgmlType.F32);
        using var vane = ModelLoader.Load(gguf);
        var c = vane.Config;
        string file = dir.File("random.cvec.gguf");
        ControlVectorFile.Write(RandomVector(c.DModel, [2, 3, 4], seed: 7, norm: 4f), file);
        var vector = ControlVectorFile.Read(file, c);

        using var cpp = new LlamaCppModel(gguf, contextSize: c.MaxPositions, threads: 2);
        var pass = new ForwardPass(vane);
        var hooks = new HookSet(c);
        using var steer = AddAtResidPost(hooks, vector, Strength);
        foreach (var (prompt, i) in ReferenceCase.Load("vane-demo-3m").Select((p, i) => (p, i)))
        {
            cpp.ClearControlVector();
            float[] plain = cpp.Logits(prompt.PromptIds);
            cpp.SetControlVector(vector, Strength);
            float[] theirs = cpp.Logits(prompt.PromptIds);
            float[] ours = pass.Run(TokenBatch.Single(prompt.PromptIds), new KvCache(c), hooks);

            double range = ours.Max() - ours.Min();
            double worst = MaxDiff(ours, theirs), effect = MaxDiff(ours, plain);
            Assert.True(worst <= 1e-3 * range,
                $"prompt {i}: steered max |logit diff| {worst:g4} > 1e-3 x range {range:g4}");
            Assert.True(effect >= 5e-2 * range,
                $"prompt {i}: steering moved the logits by only {effect:g4} (range {range:g4})");
        }
        cpp.ClearControlVector();
    }

    [Fact]
    public void ClearingRestoresTheUnsteeredLogits()
    {
        using var dir = new TempDir();
        string gguf = dir.File("demo.gguf");
        HfToGguf.Convert(SharedData.DemoModel, gguf, GgmlType.F32);
        using var cpp = new LlamaCppModel(gguf, contextSize: 64, threads: 2);
        int[] prompt = ReferenceCase.Load("vane-demo-3m")[1].PromptIds;
        float[] before = cpp.Logits(prompt);
        cpp.SetControlVector(RandomVector(cpp.EmbeddingSize, [1, 5], seed: 3, norm: 4f), 2f);
        float[] steered = cpp.Logits(prompt);
        cpp.ClearControlVector();
        Assert.NotEqual(before, steered);
        Assert.Equal(before, cpp.Logits(prompt));
    }

    [Fact]
    public void BlockZeroAndWrongWidthsAreRefused()
    {
        using var dir = new TempDir();
        string gguf = dir.File("demo.gguf");
        HfToGguf.Convert(SharedData.DemoModel, gguf, GgmlType.F32);
        using var cpp = new LlamaCppModel(gguf, contextSize: 64, threads: 2);
        var zero = Assert.Throws<ArgumentException>(() =>
            cpp.SetControlVector(RandomVector(cpp.EmbeddingSize, [0, 2], seed: 1, norm: 1f)));
        Assert.Contains("block 0", zero.Message);
        var narrow = Assert.Throws<ArgumentException>(() =>
            cpp.SetControlVector(RandomVector(cpp.EmbeddingSize - 1, [2], seed: 1, norm: 1f)));
        Assert.Contains($"n_embd {cpp.EmbeddingSize}", narrow.Message);
        var deep = Assert.Throws<ArgumentException>(() =>
            cpp.SetControlVector(RandomVector(cpp.EmbeddingSize, [cpp.LayerCount], seed: 1, norm: 1f)));
        Assert.Contains($"block {cpp.LayerCount}", deep.Message);
    }

    /// <summary>Adds strength x direction to every row of blocks.L.hook_resid_post.</summary>
    static IDisposable AddAtResidPost(HookSet hooks, SteeringVector v, float strength)
    {
        var registrations = v.Directions.Select(kv => hooks.Add(
            HookSites.Name(kv.Key, BlockSite.ResidPost), ctx =>
            {
                for (int r = 0; r < ctx.Rows; r++)
                {
                    var row = ctx.Row(r);
                    for (int i = 0; i < row.Length; i++)
                        row[i] += strength * kv.Value[i];
                }
            })).ToList();
        return new Scope(registrations);
    }

    sealed class Scope(List<IDisposable> items) : IDisposable
    {
        public void Dispose() => items.ForEach(d => d.Dispose());
    }

    /// <summary>Gaussian directions of length <paramref name="norm"/> at <paramref name="blocks"/>.</summary>
    internal static SteeringVector RandomVector(int dModel, int[] blocks, int seed, float norm)
    {
        var rng = new Random(seed);
        var dirs = new Dictionary<int, float[]>();
        foreach (int b in blocks)
        {
            var d = new float[dModel];
            for (int i = 0; i < dModel; i++)
            {
                double radius = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())); // Box-Muller
                d[i] = (float)(radius * Math.Cos(2 * Math.PI * rng.NextDouble()));
            }
            float scale = norm / MathF.Sqrt(d.Sum(x => x * x));
            dirs[b] = d.Select(x => x * scale).ToArray();
        }
        return new SteeringVector(dModel, dirs) { ModelHint = "llama" };
    }

    static double MaxDiff(float[] a, float[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max();
}
