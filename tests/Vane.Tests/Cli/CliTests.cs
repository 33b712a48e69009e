using System.Text.Json;
using Vane.Loading;
using Vane.Tests.Model;
using Vane.Tokenization;

namespace Vane.Tests.Cli;

public class CliTests
{
    [Fact]
    public void GenerateWritesTheGreedyContinuationToStdoutAndTimingsToStderr()
    {
        // prompt 2 of the reference: "Call me Ishmael. Some years ago"
        string text = JsonDocument.Parse(File.ReadLines(SharedData.Path("reference/vane-demo-3m/prompts.jsonl"))
            .ElementAt(2)).RootElement.GetProperty("text").GetString()!;
        var reference = ReferenceCase.Load("vane-demo-3m")[2];
        var tokenizer = TokenizerLoader.Load(SharedData.DemoModel);
        string expected = tokenizer.Decode(reference.GreedyIds[..12]);

        var (code, stdout, stderr) = CliRunner.Run("generate", "--model", SharedData.DemoModel,
            "--prompt", text, "--max-new-tokens", "12");

        Assert.Equal(0, code);
        Assert.Equal(expected, stdout.TrimEnd('\n'));
        Assert.Contains("6 layers, d_model 192", stderr);
        Assert.Matches(@"load \d+ ms; prompt 13 tokens, [\d.]+ tokens/s; decode 11 tokens, [\d.]+ tokens/s", stderr);
    }

    [Fact]
    public void GenerateFromIdsOnAModelWithoutTokenizer()
    {
        var reference = ReferenceCase.Load("tiny-random-gpt2")[0];
        var (code, stdout, _) = CliRunner.Run("generate", "--model", SharedData.Path("models/tiny-random-gpt2"),
            "--prompt-ids", string.Join(',', reference.PromptIds), "-n", "5");
        Assert.Equal(0, code);
        Assert.Equal(string.Join(' ', reference.GreedyIds[..5]), stdout.Trim());
    }

    [Theory]
    [InlineData("/no/such/model", "model folder not found")]
    [InlineData("tiny-random-llama", "tokenizer")]
    public void BadModelsGiveOneLineAndExitCodeOne(string model, string expected)
    {
        string path = model.StartsWith('/') ? model : SharedData.Path($"models/{model}");
        var (code, stdout, stderr) = CliRunner.Run("generate", "--model", path, "--prompt", "hello");
        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        string error = stderr.Split('\n').Single(l => l.StartsWith("error: "));
        Assert.Contains(expected, error);
        Assert.DoesNotContain("   at ", stderr); // no stack trace
    }

    [Fact]
    public void TruncatedWeightsGiveOneLineNamingTheFile()
    {
        using var dir = new TempDir();
        Loading.ModelFixtures.CopyFolder(SharedData.DemoModel, dir.Path);
        byte[] bytes = File.ReadAllBytes(Path.Combine(SharedData.DemoModel, "model.safetensors"));
        File.WriteAllBytes(dir.File("model.safetensors"), bytes[..4096]);
        var (code, _, stderr) = CliRunner.Run("generate", "--model", dir.Path, "--prompt", "hello");
        Assert.Equal(1, code);
        Assert.Contains("model.safetensors", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public void BadSamplingSettingIsRejected()
    {
        var (code, _, stderr) = CliRunner.Run("generate", "--model", SharedData.DemoModel,
            "--prompt", "The", "--top-p", "1.5");
        Assert.Equal(1, code);
        Assert.Contains("top-p is 1.5", stderr);
    }

    [Fact]
    public void CaptureWritesOneTensorPerPromptAndSite()
    {
        using var dir = new TempDir();
        File.WriteAllLines(dir.File("prompts.txt"), ["The whale", "Fellow citizens"]);
        var (code, _, stderr) = CliRunner.Run("capture", "--model", SharedData.DemoModel,
            "--prompts", dir.File("prompts.txt"), "--sites", "blocks.*.hook_resid_post",
            "--out", dir.File("acts.safetensors"));
        Assert.True(code == 0, stderr);

        using var file = SafeTensorsFile.Open(dir.File("acts.safetensors"));
        Assert.Equal(12, file.Tensors.Count);
        var tokenizer = TokenizerLoader.Load(SharedData.DemoModel);
        int tokens = tokenizer.Encode("The whale").Length;
        Assert.Equal(new long[] { tokens, 192 }, file.Info("prompt0.blocks.5.hook_resid_post").Shape);
        Assert.Contains("The whale", file.Metadata["prompts"]);
    }

    [Fact]
    public void CaptureRejectsAnUnknownSite()
    {
        using var dir = new TempDir();
        File.WriteAllLines(dir.File("prompts.txt"), ["The whale"]);
        var (code, _, stderr) = CliRunner.Run("capture", "--model", SharedData.DemoModel,
            "--prompts", dir.File("prompts.txt"), "--sites", "blocks.9.hook_resid_post",
            "--out", dir.File("a.safetensors"));
        Assert.Equal(1, code);
        Assert.Contains("unknown hook site 'blocks.9.hook_resid_post'", stderr);
        Assert.False(File.Exists(dir.File("a.safetensors")));
    }

    [Fact]
    public void AParseErrorPointsToTheHelpOfTheSubcommandItHappenedIn()
    {
        var (code, _, stderr) = CliRunner.Run("sparsify", "plan", "--no-such-option");
        Assert.Equal(2, code);
        Assert.Contains("see 'vane sparsify plan --help'", stderr);
    }

    [Fact]
    public void ATextCommandOnAModelWithoutTokenizerDoesNotOfferAnOptionItLacks()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("t.txt"), "some text");
        var (code, _, stderr) = CliRunner.Run("sparsify", "calibrate",
            "-m", SharedData.Path("models/tiny-random-llama"), "--text", dir.File("t.txt"), "-o", dir.File("cal.json"));
        Assert.Equal(1, code);
        Assert.Contains("has no tokenizer", stderr);
        Assert.DoesNotContain("--prompt-ids", stderr);
    }
}
