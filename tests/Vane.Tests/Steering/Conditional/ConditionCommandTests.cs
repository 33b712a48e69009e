using Vane.Tests.Cli;

namespace Vane.Tests.Steering.Conditional;

/// <summary>`vane condition search` and `vane generate --when / --rules` end to end on the demo model.</summary>
public sealed class ConditionCommandTests
{
    [Fact]
    public void SearchWritesItsFilesAndGenerateObeysTheCondition()
    {
        using var dir = new TempDir();
        string Ex(string f) => Path.Combine(ConditionSearchTests.RepoRoot(), "examples", "conditions", f);
        var (code, stdout, err) = CliRunner.Run("condition", "search", "-m", SharedData.DemoModel,
            "--positive", Ex("sea-train.txt"), "--negative", Ex("government-train.txt"),
            "--held-out-positive", Ex("sea-heldout.txt"), "--held-out-negative", Ex("government-heldout.txt"),
            "--out", dir.Path, "--name", "sea");
        Assert.True(code == 0, err);
        Assert.Contains("\"held_out_f1\":1", stdout);
        foreach (string f in new[] { "condition.json", "condition.gguf", "search.json", "f1.png" })
            Assert.True(File.Exists(dir.File(f)), f);

        // the condition vector itself as behaviour: steers the sea prompt, not the government one
        string Gen(string prompt, bool gated) => CliRunner.Run(["generate", "-m", SharedData.DemoModel, "-p", prompt,
            "-n", "8", .. gated
                ? new[] { "--steer", dir.File("condition.gguf") + ":-8", "--when", dir.File("condition.json") }
                : []]).Out;
        string sea = "The harpooner stood in the bow as the whale rose",
            gov = "I ask the Congress to pass a budget that";
        Assert.NotEqual(Gen(sea, false), Gen(sea, true));
        Assert.Equal(Gen(gov, false), Gen(gov, true));
    }
}
