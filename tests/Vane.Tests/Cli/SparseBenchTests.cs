using Vane.Loading;
using Vane.Sparsity;

namespace Vane.Tests.Cli;

public class SparseBenchTests
{
    [Fact]
    public void BenchTimesPlanFilesLabelledByMethodAndTarget()
    {
        using var dir = new TempDir();
        WritePlans(SharedData.DemoModel, dir, ("chess.json", SparsityMethod.Chess, 0.5),
            ("teal.json", SparsityMethod.TealUniform, 0.25));
        string[] quick = ["--runs", "1", "--prompt-tokens", "8", "--decode-tokens", "4"];

        var r = CliRunner.Run(["bench", "-m", SharedData.DemoModel,
            "--sparsity", dir.File("chess.json"), dir.File("teal.json"), .. quick]);

        Assert.True(r.Code == 0, r.Err);
        Assert.Contains("Chess 50", r.Out);
        Assert.Contains("(chess.json)", r.Out);
        Assert.Contains("TealUniform 25", r.Out);
        Assert.Contains("(chess.json): 12 matrices", r.Err); // 6 blocks x q, o: k, v and the MLP stay dense
        Assert.Contains("(teal.json): 42 matrices", r.Err);
    }

    [Fact]
    public void SparsityZeroTimesTheInputMajorKernelsWithEveryChannelActive()
    {
        var r = CliRunner.Run("bench", "-m", SharedData.DemoModel, "--sparsity", "0",
            "--runs", "1", "--prompt-tokens", "8", "--decode-tokens", "4");

        Assert.True(r.Code == 0, r.Err);
        Assert.Contains("input-major kernels", r.Out); // the table wraps the rest of the label
        // every projection of the 6 blocks goes through the kernels, and they skip nothing
        Assert.Contains("every channel active: 42 matrices", r.Err);
        Assert.Contains("decode skipped 0.0 %", r.Err);
    }

    [Fact]
    public void APlanForAnotherModelIsAnErrorNamingTheFile()
    {
        using var dir = new TempDir();
        WritePlans(SharedData.Path("models/tiny-random-llama"), dir, ("tiny.json", SparsityMethod.TealUniform, 0.5));

        var r = CliRunner.Run("bench", "-m", SharedData.DemoModel, "--sparsity", $"0.25,{dir.File("tiny.json")}",
            "--runs", "1", "--prompt-tokens", "8", "--decode-tokens", "4");

        Assert.Equal(1, r.Code);
        Assert.Contains(dir.File("tiny.json"), r.Err);
        Assert.Contains("tiny-random-llama", r.Err);
        Assert.Contains("vane-demo-3m", r.Err);
        Assert.DoesNotContain("decode", r.Out); // nothing was timed
    }

    [Theory]
    [InlineData("1.5", "not a sparsity in [0, 0.9]")]
    [InlineData("missing.json", "missing.json: sparsity plan not found")]
    public void BadSparsityValuesAreErrors(string value, string message)
    {
        var r = CliRunner.Run("bench", "-m", SharedData.DemoModel, "--sparsity", value, "--runs", "1");
        Assert.Equal(1, r.Code);
        Assert.Contains(message, r.Err);
    }

    // plans calibrated on random tokens, enough for thresholds to time
    static void WritePlans(
        string modelFolder,
        TempDir dir,
        params (string File, SparsityMethod Method, double Target)[] plans)
    {
        using var model = ModelLoader.Load(modelFolder);
        var random = new Random(3);
        int[] tokens = Enumerable.Range(0, 256).Select(_ => random.Next(model.Config.VocabSize)).ToArray();
        var calibration = Calibrator.Run(model, tokens, ["random tokens"],
            new CalibrationOptions { MaxTokens = 256, SampleRows = 64, CurveRows = 16 });
        foreach (var (file, method, target) in plans)
            SparsityFiles.WritePlan(dir.File(file), PlanBuilder.Build(calibration, model, method, target));
    }
}
