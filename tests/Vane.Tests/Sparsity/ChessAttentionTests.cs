using System.Text.Json.Nodes;
using Vane.Hooks;
using Vane.Kernels;
using Vane.Model;
using Vane.Sparsity;
using Xunit.Abstractions;

namespace Vane.Tests.Sparsity;

/// <summary>CHESS sparsifies q's input in attention; k and v read the dense attention input.</summary>
public class ChessAttentionTests(SparsityFixture fx, ITestOutputHelper output) : IClassFixture<SparsityFixture>
{
    [Fact]
    public void KeysAndValuesReadTheDenseAttentionInput()
    {
        var model = fx.Model;
        var c = model.Config;
        var plan = PlanBuilder.Build(fx.Calibration, model, SparsityMethod.Chess, 0.5);
        Assert.All(plan.Layers, rules => Assert.Equal([Projection.Q], rules[(int)SparseInput.Qkv].Readers));
        int[] ids = fx.HeldOut[..64];
        var dense = Run(model, ids, new HookSet(c));
        var hooks = new HookSet(c);
        using var masks = SparsityHooks.Register(hooks, plan, model);
        var chess = Run(model, ids, hooks);

        // block 0 reads the same embeddings: its attention input, keys and values are unchanged,
        // while q (so the attention output) is not
        int n = ids.Length * c.DKv;
        Assert.Equal(dense.AttnIn[0], chess.AttnIn[0]);
        Assert.Equal(dense.Cache.Get(0).Keys[0][..n], chess.Cache.Get(0).Keys[0][..n]);
        Assert.Equal(dense.Cache.Get(0).Values[0][..n], chess.Cache.Get(0).Values[0][..n]);
        Assert.NotEqual(dense.Z[0], chess.Z[0]);

        // in every block the values are v_proj of the unmasked attention input of that pass
        for (int l = 0; l < c.NLayers; l++)
        {
            var w = model.Layers[l];
            var v = new float[n];
            MatMul.Multiply(chess.AttnIn[l], w.V, w.VBias, v, ids.Length);
            Assert.Equal(v, chess.Cache.Get(0).Values[l][..n]);
        }
    }

    [Fact]
    public void QsInputIsMeasuredNearTargetAndKAndVAreDense()
    {
        const double target = 0.25;
        var model = fx.Model;
        var plan = PlanBuilder.Build(fx.Calibration, model, SparsityMethod.Chess, target);
        var hooks = new HookSet(model.Config);
        using var masks = SparsityHooks.Register(hooks, plan, model);
        using var meter = new SparsityMeter(hooks, model);
        new ForwardPass(model).Run(TokenBatch.Single(fx.HeldOut[..256]), new KvCache(model.Config), hooks);

        for (int l = 0; l < model.Config.NLayers; l++)
        {
            double q = meter.Sparsity(l, Projection.Q);
            output.WriteLine($"block {l}: q input {q:F4}, k {meter.Sparsity(l, Projection.K):F4}, " +
                $"v {meter.Sparsity(l, Projection.V):F4}, Qkv entry {meter.Sparsity(l, SparseInput.Qkv):F4}");
            Assert.InRange(q, target - 0.02, target + 0.02);
            Assert.Equal(q, meter.Sparsity(l, SparseInput.Qkv));
            Assert.True(meter.Sparsity(l, Projection.K) < 0.001, $"block {l}: k input is sparse");
            Assert.True(meter.Sparsity(l, Projection.V) < 0.001, $"block {l}: v input is sparse");
        }
    }

    [Fact]
    public void EvaluationReportsQsInputForTheQkvEntry()
    {
        const double target = 0.25;
        var r = SparsityEvaluation.Evaluate(fx.Model,
            PlanBuilder.Build(fx.Calibration, fx.Model, SparsityMethod.Chess, target), [fx.HeldOut[..512]]);
        for (int l = 0; l < r.Measured.Length; l++)
        {
            double qkv = r.Measured[l][(int)SparseInput.Qkv];
            output.WriteLine($"block {l}: Qkv {qkv:F4}, effective {r.Effective[l]:F4}");
            Assert.InRange(qkv, target - 0.02, target + 0.02);
        }
    }

    [Fact]
    public void PlansWithoutReadersLoadAndOldChessPlansMaskQAlone()
    {
        using var dir = new TempDir();
        foreach (var method in new[] { SparsityMethod.Chess, SparsityMethod.TealUniform })
        {
            string path = dir.File($"{method}.json");
            SparsityFiles.WritePlan(path, PlanBuilder.Build(fx.Calibration, fx.Model, method, 0.4));
            EditRules(path, rule => rule.Remove("Readers")); // as written before rules named readers
            var plan = SparsityFiles.ReadPlan(path);
            var expected = method == SparsityMethod.Chess ? new[] { Projection.Q } : null;
            Assert.All(plan.Layers, rules => Assert.Equal(expected, rules[(int)SparseInput.Qkv].Readers));
            Assert.All(plan.Layers, rules => Assert.Null(rules[(int)SparseInput.O].Readers));
        }
    }

    [Fact]
    public void AReaderOfAnotherInputIsAnErrorNamingFileBlockAndReader()
    {
        using var dir = new TempDir();
        string path = dir.File("plan.json");
        SparsityFiles.WritePlan(path, PlanBuilder.Build(fx.Calibration, fx.Model, SparsityMethod.Chess, 0.4));
        EditRules(path, rule => rule["Readers"] = new JsonArray("Gate"));
        var e = Assert.Throws<InvalidDataException>(() => SparsityFiles.ReadPlan(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("block 0 input Qkv", e.Message);
        Assert.Contains("reader Gate", e.Message);
    }

    static void EditRules(string path, Action<JsonObject> edit)
    {
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        foreach (var layer in json["Layers"]!.AsArray())
            foreach (var rule in layer!.AsArray())
                edit(rule!.AsObject());
        File.WriteAllText(path, json.ToJsonString());
    }

    static (float[][] AttnIn, float[][] Z, KvCache Cache) Run(TransformerModel model, int[] ids, HookSet hooks)
    {
        int n = model.Config.NLayers;
        using var capture = new ActivationCapture(hooks, "blocks.*.hook_attn_in,blocks.*.hook_z");
        var cache = new KvCache(model.Config);
        new ForwardPass(model).Run(TokenBatch.Single(ids), cache, hooks);
        return (Enumerable.Range(0, n).Select(l => capture.Get($"blocks.{l}.hook_attn_in")).ToArray(),
            Enumerable.Range(0, n).Select(l => capture.Get($"blocks.{l}.hook_z")).ToArray(), cache);
    }
}
