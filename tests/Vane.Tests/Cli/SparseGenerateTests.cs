namespace Vane.Tests.Cli;

public class SparseGenerateTests
{
    [Fact]
    public void GenerateDecodesThroughASparsityPlan()
    {
        using var dir = new TempDir();
        string model = SharedData.DemoModel;
        string text = SharedData.Path("data/text/shakespeare-heldout.txt");
        Assert.Equal(0, CliRunner.Run("sparsify", "calibrate", "-m", model, "--text", text,
            "--max-tokens", "2048", "-o", dir.File("cal.json")).Code);
        foreach (string target in new[] { "0", "0.5" })
            Assert.Equal(0, CliRunner.Run("sparsify", "plan", "-m", model, "--cal", dir.File("cal.json"),
                "--method", "TealUniform", "--sparsity", target, "-o", dir.File($"plan{target}.json")).Code);

        var plain = CliRunner.Run("generate", "-m", model, "-p", "ROMEO:", "-n", "16");
        var zero = CliRunner.Run("generate", "-m", model, "-p", "ROMEO:", "-n", "16",
            "--sparsity", dir.File("plan0.json"));
        var half = CliRunner.Run("generate", "-m", model, "-p", "ROMEO:", "-n", "16",
            "--sparsity", dir.File("plan0.5.json"));

        Assert.Equal(plain.Out, zero.Out);
        Assert.Equal(0, half.Code);
        Assert.Contains("sparse decode: 42 matrices", half.Err); // 6 blocks x q, k, v, o, gate, up, down
        var missing = CliRunner.Run("generate", "-m", model, "-p", "ROMEO:", "--sparsity", dir.File("none.json"));
        Assert.Equal(1, missing.Code);
        Assert.Contains("sparsity plan not found", missing.Err);
    }
}
