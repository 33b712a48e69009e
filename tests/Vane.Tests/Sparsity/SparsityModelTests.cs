using Vane.Evaluation;
using Vane.Hooks;
using Vane.Loading;
using Vane.Model;
using Vane.Sparsity;
using Xunit.Abstractions;

namespace Vane.Tests.Sparsity;

public class SparsityModelTests(SparsityFixture fx, ITestOutputHelper output) : IClassFixture<SparsityFixture>
{
    // Thresholds from the dense model alone missed once the plan was applied: sparsified q/k/v and
    // earlier blocks shift what each input sees, and the o input measured up to 5.9 points over at
    // 0.5 and 17 over at 0.65. PlanRefiner moves each threshold to its target under the plan.
    [Theory]
    [InlineData(SparsityMethod.TealUniform, 0.25)]
    [InlineData(SparsityMethod.TealUniform, 0.4)]
    [InlineData(SparsityMethod.TealUniform, 0.5)]
    [InlineData(SparsityMethod.TealUniform, 0.65)]
    [InlineData(SparsityMethod.TealGreedy, 0.5)]
    [InlineData(SparsityMethod.Wina, 0.5)]
    [InlineData(SparsityMethod.Chess, 0.5)]
    public void RefinedPlansHitTheirTargetsOnTheCalibrationText(SparsityMethod method, double target)
    {
        var plan = fx.Refined(method, target);
        var hooks = new HookSet(fx.Model.Config);
        using var masks = SparsityHooks.Register(hooks, plan, fx.Model);
        using var meter = new SparsityMeter(hooks, fx.Model, plan.DenseTokens);
        int[] tokens = fx.Calibration.TokenIds!.Take(fx.RefineOptions.MaxTokens).ToArray();
        CalibrationPasses.Run(fx.Model, tokens, fx.RefineOptions, hooks);

        var (worst, where) = Worst(plan, (l, k) => meter.Sparsity(l, k), SparseInputs.All);
        output.WriteLine($"{method} {target}: worst deviation {100 * worst:F2} points at {where}");
        Assert.Equal(PlanRefiner.DefaultRounds, plan.RefineRounds);
        Assert.True(worst < 0.005, $"{method} {target}: worst deviation {100 * worst:F2} points at {where}");
    }

    // On held-out text the inputs behind an RMSNorm (q/k/v, gate/up) and the MLP activation keep
    // their calibrated distribution. The o input (hook_z) does not: it averages value vectors under
    // attention, so its scale follows how spread the attention is, which depends on the text. Even
    // 2048-token slices of the calibration text measure 48 to 52% there at a 50% target, and the
    // held-out text, which the model did not train on, measures 2 to 4.5 points under at block 0.
    [Theory]
    [InlineData(SparsityMethod.TealUniform, 0.25)]
    [InlineData(SparsityMethod.TealUniform, 0.5)]
    [InlineData(SparsityMethod.TealUniform, 0.65)]
    [InlineData(SparsityMethod.TealGreedy, 0.5)]
    [InlineData(SparsityMethod.Wina, 0.5)]
    public void RefinedPlansMeasureNearTheirTargetsOnHeldOutText(SparsityMethod method, double target)
    {
        var plan = fx.Refined(method, target);
        var r = SparsityEvaluation.Evaluate(fx.Model, plan, [fx.HeldOut]);
        double Measured(int l, SparseInput k) => r.Measured[l][(int)k];

        var (worst, where) = Worst(plan, Measured, [SparseInput.Qkv, SparseInput.GateUp, SparseInput.Down]);
        var (worstO, whereO) = Worst(plan, Measured, [SparseInput.O]);
        output.WriteLine(
            $"{method} {target}: worst {100 * worst:F2} points at {where}, o {100 * worstO:F2} at {whereO}");
        Assert.True(worst < 0.02, $"{method} {target}: worst deviation {100 * worst:F2} points at {where}");
        Assert.True(worstO < 0.05, $"{method} {target}: o input off by {100 * worstO:F2} points at {whereO}");
    }

    /// <summary>The largest |measured - rule target| over blocks and <paramref name="inputs"/>, and where.</summary>
    static (double Worst, string Where) Worst(
        SparsityPlan plan, Func<int, SparseInput, double> measured, SparseInput[] inputs)
    {
        double worst = 0;
        string where = "";
        for (int l = 0; l < plan.Layers.Count; l++)
            foreach (var k in inputs)
            {
                double m = measured(l, k), dev = Math.Abs(m - plan.Rule(l, k).Sparsity);
                if (dev >= worst)
                    (worst, where) = (dev, $"block {l} {k}: {m:F4} for {plan.Rule(l, k).Sparsity:F2}");
            }
        return (worst, where);
    }

    [Theory]
    [InlineData(SparsityMethod.TealUniform)]
    [InlineData(SparsityMethod.TealGreedy)]
    [InlineData(SparsityMethod.Wina)]
    [InlineData(SparsityMethod.Chess)]
    public void ZeroSparsityLeavesLogitsBitIdentical(SparsityMethod method)
    {
        var plan = PlanBuilder.Build(fx.Calibration, fx.Model, method, 0);
        int[] ids = fx.HeldOut[..64];
        float[] dense = new ForwardPass(fx.Model).Run(TokenBatch.Single(ids, allLogits: true),
            new KvCache(fx.Model.Config));
        var hooks = new HookSet(fx.Model.Config);
        using var reg = SparsityHooks.Register(hooks, plan, fx.Model);
        float[] sparse = new ForwardPass(fx.Model).Run(TokenBatch.Single(ids, allLogits: true),
            new KvCache(fx.Model.Config), hooks);
        Assert.Equal(dense, sparse);
    }

    [Theory]
    [InlineData(SparsityMethod.TealUniform)]
    [InlineData(SparsityMethod.TealGreedy)]
    [InlineData(SparsityMethod.Wina)]
    [InlineData(SparsityMethod.Chess)]
    public void MoreSparsityRaisesPerplexity(SparsityMethod method)
    {
        double Ppl(double s) => SparsityEvaluation.Evaluate(fx.Model,
            PlanBuilder.Build(fx.Calibration, fx.Model, method, s), [fx.HeldOut[..1024]]).Perplexity;
        double p0 = Ppl(0), p65 = Ppl(0.65);
        output.WriteLine($"{method}: perplexity {p0:F3} dense, {p65:F3} at 65%");
        Assert.True(p65 > p0, $"{method}: perplexity {p65} at 65% is not above {p0} dense");
    }

    [Fact]
    public void DenseTokensKeepEarlyPositionsDense()
    {
        var plan = PlanBuilder.Build(fx.Calibration, fx.Model, SparsityMethod.TealUniform, 0.5, denseTokens: 1000);
        var r = SparsityEvaluation.Evaluate(fx.Model, plan, [fx.HeldOut[..300]]);
        Assert.All(r.Measured, m => Assert.All(m, v => Assert.Equal(0, v)));
    }

    [Fact]
    public void CalibrationOfAnotherModelIsAnErrorNamingBoth()
    {
        using var other = ModelLoader.Load(SharedData.Path("models/tiny-random-llama"));
        var e = Assert.Throws<InvalidDataException>(() =>
            PlanBuilder.Build(fx.Calibration, other, SparsityMethod.TealUniform, 0.5));
        Assert.Contains("vane-demo-3m", e.Message);
        Assert.Contains("tiny-random-llama", e.Message);
    }

    [Fact]
    public void NonFiniteStatisticsAreAClearError()
    {
        var bad = WithNaNUp(fx.Calibration);
        var e = Assert.Throws<InvalidDataException>(() => PlanBuilder.Build(bad, fx.Model, SparsityMethod.Chess, 0.5));
        Assert.Contains("block 0", e.Message);
        Assert.Contains("non-finite", e.Message);

        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "bad.json");
        SparsityFiles.WriteCalibration(path, bad);
        var e2 = Assert.Throws<InvalidDataException>(() => SparsityFiles.ReadCalibration(path));
        Assert.Contains(path, e2.Message);
    }

    [Fact]
    public void FilesRoundTrip()
    {
        using var dir = new TempDir();
        string calPath = Path.Combine(dir.Path, "cal.json"), planPath = Path.Combine(dir.Path, "plan.json");
        SparsityFiles.WriteCalibration(calPath, fx.Calibration);
        var cal = SparsityFiles.ReadCalibration(calPath);
        var a = PlanBuilder.Build(fx.Calibration, fx.Model, SparsityMethod.Wina, 0.4, 3);
        var b = PlanBuilder.Build(cal, fx.Model, SparsityMethod.Wina, 0.4, 3);
        SparsityFiles.WritePlan(planPath, b);
        var c = SparsityFiles.ReadPlan(planPath);
        Assert.Equal(a.Rule(2, SparseInput.Down).Threshold, c.Rule(2, SparseInput.Down).Threshold);
        Assert.Equal(a.Rule(2, SparseInput.Down).Scale, c.Rule(2, SparseInput.Down).Scale);
        Assert.Equal(3, c.DenseTokens);
        Assert.Equal(SparsityMethod.Wina, c.Method);
    }

    [Fact]
    public void RefineRoundsAndCalibrationTokensAreSavedAndOlderFilesStillLoad()
    {
        using var dir = new TempDir();
        string calPath = dir.File("cal.json"), planPath = dir.File("plan.json");
        SparsityFiles.WriteCalibration(calPath, fx.Calibration);
        Assert.Equal(fx.Calibration.TokenIds, SparsityFiles.ReadCalibration(calPath).TokenIds);
        SparsityFiles.WritePlan(planPath, fx.Refined(SparsityMethod.TealUniform, 0.5));
        Assert.Equal(PlanRefiner.DefaultRounds, SparsityFiles.ReadPlan(planPath).RefineRounds);

        // files written before these fields existed
        WithoutField(calPath, "TokenIds");
        WithoutField(planPath, "RefineRounds");
        Assert.Null(SparsityFiles.ReadCalibration(calPath).TokenIds);
        Assert.Equal(0, SparsityFiles.ReadPlan(planPath).RefineRounds);
    }

    [Fact]
    public void RefiningWithoutRoundsOrTargetsChangesNothing()
    {
        var plan = PlanBuilder.Build(fx.Calibration, fx.Model, SparsityMethod.Wina, 0.5);
        Assert.Same(plan, PlanRefiner.Refine(plan, fx.Model, fx.Calibration.TokenIds!, 0));
        var dense = PlanBuilder.Build(fx.Calibration, fx.Model, SparsityMethod.Wina, 0);
        Assert.Same(dense, PlanRefiner.Refine(dense, fx.Model, fx.Calibration.TokenIds!));
        var e = Assert.Throws<ArgumentException>(() => PlanRefiner.Refine(plan, fx.Model, [1], 1));
        Assert.Contains("at least 2 tokens", e.Message);
    }

    // At 90% moving every threshold at once overshot: the second round found its plan further
    // from the targets than the first had (10 against 25 points on the demo model, from the CLI).
    // Refining then stops and keeps the plan that measured closest.
    [Theory]
    [InlineData(SparsityMethod.TealUniform, 0.9)]
    [InlineData(SparsityMethod.TealGreedy, 0.9)]
    public void RefiningKeepsThePlanClosestToItsTargetsWhenARoundOvershoots(SparsityMethod method, double target)
    {
        var start = PlanBuilder.Build(fx.Calibration, fx.Model, method, target);
        var worsts = new List<double>();
        var plan = PlanRefiner.Refine(start, fx.Model, fx.Calibration.TokenIds!, 3, fx.RefineOptions,
            (_, w) => worsts.Add(w));
        double measured = double.NaN;
        PlanRefiner.Refine(plan, fx.Model, fx.Calibration.TokenIds!, 1, fx.RefineOptions, (_, w) => measured = w);
        output.WriteLine($"{method} {target}: rounds found {string.Join(", ", worsts.Select(w => $"{100 * w:F1}"))}; " +
            $"kept {plan.RefineRounds}, which measures {100 * measured:F1} points off");

        bool overshot = worsts.Zip(worsts.Skip(1)).Any(p => p.Second > p.First);
        if (overshot)
        {
            Assert.True(plan.RefineRounds < 3);
            Assert.Equal(worsts.Min(), measured, 12); // the same plan on the same tokens measures the same
        }
        Assert.True(measured <= worsts[0] + 1e-12, "the kept plan is no further off than the unrefined one");
    }

    static void WithoutField(string path, string field)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        Assert.True(json.Remove(field), $"{path} has no {field}");
        File.WriteAllText(path, json.ToJsonString());
    }

    static Calibration WithNaNUp(Calibration cal)
    {
        var layers = cal.Layers.ToList();
        var up = (float[])layers[0].MeanAbsUp.Clone();
        up[3] = float.NaN;
        layers[0] = new LayerCalibration
        {
            Inputs = layers[0].Inputs,
            MeanAbsUp = up,
            ChessImportance = layers[0].ChessImportance,
        };
        return new Calibration { Model = cal.Model, Tokens = cal.Tokens, Sources = cal.Sources, Layers = layers };
    }
}
