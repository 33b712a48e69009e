using System.Text.Json.Nodes;
using Vane.Sparsity;

namespace Vane.Tests.Cli;

public class SparsifyPlanTests
{
    [Fact]
    public void PlanIsRefinedOnTheCalibrationTokensAndOlderCalibrationsStillWork()
    {
        using var dir = new TempDir();
        string model = SharedData.DemoModel, cal = dir.File("cal.json");
        Assert.Equal(0, CliRunner.Run("sparsify", "calibrate", "-m", model, "--text",
            SharedData.Path("data/text/shakespeare-heldout.txt"), "--max-tokens", "1024", "-o", cal).Code);
        string[] Plan(string output, params string[] more) =>
            ["sparsify", "plan", "-m", model, "--cal", cal, "--method", "Wina", "--sparsity", "0.5",
                "-o", output, .. more];

        var refined = CliRunner.Run(Plan(dir.File("refined.json")));
        Assert.Equal(0, refined.Code);
        Assert.Contains("refine round 2", refined.Err);
        Assert.Equal(PlanRefiner.DefaultRounds, SparsityFiles.ReadPlan(dir.File("refined.json")).RefineRounds);

        var bad = CliRunner.Run(Plan(dir.File("bad.json"), "--refine-rounds", "-1"));
        Assert.Equal(1, bad.Code);
        Assert.Contains("--refine-rounds is -1", bad.Err);

        // refining on part of the tokens still refines, and gives other thresholds than all of them
        var part = CliRunner.Run(Plan(dir.File("part.json"), "--refine-tokens", "512"));
        Assert.Equal(0, part.Code);
        Assert.Equal(PlanRefiner.DefaultRounds, SparsityFiles.ReadPlan(dir.File("part.json")).RefineRounds);
        Assert.NotEqual(SparsityFiles.ReadPlan(dir.File("refined.json")).Rule(0, SparseInput.O).Threshold,
            SparsityFiles.ReadPlan(dir.File("part.json")).Rule(0, SparseInput.O).Threshold);
        var badTokens = CliRunner.Run(Plan(dir.File("bad.json"), "--refine-tokens", "-5"));
        Assert.Equal(1, badTokens.Code);
        Assert.Contains("--refine-tokens is -5", badTokens.Err);
        Assert.False(File.Exists(dir.File("bad.json")));

        // a calibration written before the tokens were stored gives an unrefined plan and says so
        var json = JsonNode.Parse(File.ReadAllText(cal))!.AsObject();
        json.Remove("TokenIds");
        File.WriteAllText(cal, json.ToJsonString());
        var old = CliRunner.Run(Plan(dir.File("old.json")));
        Assert.Equal(0, old.Code);
        Assert.Contains("not refined", old.Err);
        Assert.Equal(0, SparsityFiles.ReadPlan(dir.File("old.json")).RefineRounds);
    }
}
