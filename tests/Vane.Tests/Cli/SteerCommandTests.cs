using System.Text.Json;
using Vane.Steering.Files;

namespace Vane.Tests.Cli;

public class SteerCommandTests
{
    static (int, string, string) Steer(string outDir, params string[] extra) => CliRunner.Run(
        ["steer", "--model", SharedData.DemoModel, "--pairs", SharedData.RepoPath("examples/sea-vs-government.jsonl"),
         "--layers", "2", "--strengths", "0.5", "-n", "12", "--out", outDir, .. extra]);

    [Fact]
    public void WritesVectorReportAndPlots()
    {
        using var dir = new TempDir();
        var (code, stdout, stderr) = Steer(dir.Path, "--target-words", SharedData.RepoPath("examples/sea-words.txt"),
            "--neutral-text", SharedData.Path("data/text/mobydick-heldout.txt"), "--dac");
        Assert.True(code == 0, stderr);
        foreach (string f in new[] { "vector.gguf", "vectors-all-blocks.gguf", "report.json", "report.html",
                     "effect.png", "side-effect.png", "kl.png", "layers.png" })
            Assert.True(File.Exists(dir.File(f)), f);
        var vector = ControlVectorFile.Read(dir.File("vector.gguf"));
        Assert.Equal([2], vector.Directions.Keys);
        Assert.Equal("2", vector.Metadata["vane.chosen.layer"]);
        using var report = JsonDocument.Parse(File.ReadAllText(dir.File("report.json")));
        Assert.Equal(2, report.RootElement.GetProperty("Chosen").GetProperty("Layer").GetInt32());
        Assert.Contains("Continuations at the chosen setting", File.ReadAllText(dir.File("report.html")));
        Assert.Contains("Dynamic strength (DAC)", File.ReadAllText(dir.File("report.html")));
        var dac = report.RootElement.GetProperty("Dynamic");
        Assert.InRange(dac.GetProperty("MeanStrengthEarly").GetDouble(), 0, dac.GetProperty("MaxStrength").GetDouble());
        Assert.Contains("unsteered", stdout);
    }

    [Theory]
    [InlineData("--layers", "9", "out of range")]
    [InlineData("--strengths", "0.5,NaN", "not a finite number")]
    [InlineData("--method", "svd", "expected mean-diff")]
    [InlineData("--max-new-tokens", "0", "--max-new-tokens is 0")]
    public void BadSettingsFailWithoutTouchingEarlierOutputs(string option, string value, string expected)
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("report.json"), "earlier");
        var (code, _, stderr) = CliRunner.Run("steer", "--model", SharedData.DemoModel, "--pairs",
            SharedData.RepoPath("examples/sea-vs-government.jsonl"), "--out", dir.Path, option, value);
        Assert.Equal(1, code);
        Assert.Contains(expected, stderr);
        Assert.DoesNotContain("   at ", stderr);
        Assert.Equal("earlier", File.ReadAllText(dir.File("report.json")));
    }

    [Theory]
    [InlineData("", "no contrast pairs")]
    [InlineData("{\"positive\": \"a\", \"negative\": \"\"}\n", "empty")]
    [InlineData("{\"positive\": \"a\", \"negative\": \"b\"}\n{broken\n", ":2")]
    public void BadPairFilesNameTheProblem(string content, string expected)
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("pairs.jsonl"), content);
        var (code, _, stderr) = CliRunner.Run("steer", "--model", SharedData.DemoModel, "--pairs",
            dir.File("pairs.jsonl"), "--out", dir.File("out"));
        Assert.Equal(1, code);
        Assert.Contains("pairs.jsonl", stderr);
        Assert.Contains(expected, stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void OutputThatIsAFileIsRefused()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("taken"), "x");
        var (code, _, stderr) = Steer(dir.File("taken"));
        Assert.Equal(1, code);
        Assert.Contains("is a file", stderr);
    }

    [Fact]
    public void GenerateAppliesASavedVectorAndRejectsABadSpec()
    {
        using var dir = new TempDir();
        Assert.Equal(0, Steer(dir.Path).Item1);
        var plain = CliRunner.Run("generate", "--model", SharedData.DemoModel, "--prompt", "It was", "-n", "12");
        var steered = CliRunner.Run("generate", "--model", SharedData.DemoModel, "--prompt", "It was", "-n", "12",
            "--steer", dir.File("vector.gguf"));
        var zero = CliRunner.Run("generate", "--model", SharedData.DemoModel, "--prompt", "It was", "-n", "12",
            "--steer", dir.File("vector.gguf") + ":0");
        Assert.NotEqual(plain.Out, steered.Out);
        Assert.Equal(plain.Out, zero.Out);
        var bad = CliRunner.Run("generate", "--model", SharedData.DemoModel, "--prompt", "It was",
            "--steer", dir.File("vector.gguf") + ":inf");
        Assert.Equal(1, bad.Code);
    }
}
