using Vane.Tests.Cli;

namespace Vane.Tests.Steering.Transport;

public class TransportCommandTests
{
    const string Sites = "blocks.2.hook_resid_post,blocks.3.hook_resid_post";

    static (string Source, string Target) WritePassages(TempDir dir, int nTarget = 12)
    {
        string source = dir.File("speech.txt"), target = dir.File("sea.txt");
        File.WriteAllLines(source, Passages.Of(SharedData.Path("data/text/sotu-heldout.txt"), 12));
        File.WriteAllLines(target, Passages.Of(SharedData.Path("data/text/mobydick-heldout.txt"), nTarget));
        return (source, target);
    }

    static (int, string, string) Generate(params string[] extra) => CliRunner.Run(
        ["generate", "-m", SharedData.DemoModel, "-p", "It was", "-n", "12", .. extra]);

    [Fact]
    public void FitThenGenerateAtLambdaZeroMatchesThePlainRun()
    {
        using var dir = new TempDir();
        var (source, target) = WritePassages(dir);
        string file = dir.File("sea.safetensors");

        var (code, _, err) = CliRunner.Run("transport", "fit", "-m", SharedData.DemoModel,
            "--source", source, "--target", target, "--sites", Sites, "--method", "gaussian", "--out", file);
        Assert.True(code == 0, err);
        Assert.True(File.Exists(file));

        var plain = Generate();
        var zero = Generate("--transport", file + ":0");
        var full = Generate("--transport", file);
        Assert.Equal(0, zero.Item1);
        Assert.Equal(plain.Item2, zero.Item2);
        Assert.NotEqual(plain.Item2, full.Item2);
    }

    [Fact]
    public void UnequalTextCountsFailBeforeLoading()
    {
        using var dir = new TempDir();
        var (source, target) = WritePassages(dir, nTarget: 10);

        var (code, _, err) = CliRunner.Run("transport", "fit", "-m", SharedData.DemoModel,
            "--source", source, "--target", target, "--sites", Sites, "--out", dir.File("t.safetensors"));

        Assert.Equal(1, code);
        Assert.Contains("has 12 texts and", err);
    }

    [Fact]
    public void LambdaOutsideZeroToOneIsAnError()
    {
        var (code, _, err) = Generate("--transport", "any.safetensors:1.5");

        Assert.Equal(1, code);
        Assert.Contains("lambda 1.5 is outside [0, 1]", err);
    }
}
