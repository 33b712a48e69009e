using Vane.Loading;
using Vane.Steering;
using Vane.Steering.Files;
using Vane.Tests.Cli;

namespace Vane.Tests.Steering.Dynamic;

public class DacCliTests
{
    [Fact]
    public void GenerateWithDacPrintsOneStrengthPerToken()
    {
        using var dir = new TempDir();
        string path = dir.File("sea.gguf");
        using (var model = ModelLoader.Load(SharedData.DemoModel))
            ControlVectorFile.Write(
                DynamicGeneratorTests.SeaVector(model, ModelLoader.LoadTokenizer(SharedData.DemoModel)!)
                    .Scale(0.5f), path);

        var (code, stdout, stderr) = CliRunner.Run("generate", "--model", SharedData.DemoModel, "--prompt", "It was",
            "-n", "8", "--steer", path, "--dac", "--dac-max", "1.5");

        Assert.Equal(0, code);
        Assert.False(string.IsNullOrWhiteSpace(stdout));
        string line = stderr.Split('\n').Single(l => l.Contains("DAC strengths of sea.gguf"));
        var values = line[(line.LastIndexOf(':') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(v => float.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.InRange(values.Count, 1, 8);
        Assert.All(values, a => Assert.InRange(a, 0f, 1.5f));
    }

    [Fact]
    public void DacWithoutAVectorIsAnError()
    {
        var (code, _, stderr) = CliRunner.Run("generate", "--model", SharedData.DemoModel,
            "--prompt", "It was", "--dac");
        Assert.NotEqual(0, code);
        Assert.Contains("--dac needs at least one --steer vector", stderr);
    }
}
