using Vane.Steering;
using Vane.Steering.Files;

namespace Vane.Tests.Cli;

public class VectorCommandTests
{
    static string WriteVector(TempDir dir, string name, int dModel, Dictionary<int, float[]> dirs)
    {
        string path = dir.File(name);
        ControlVectorFile.Write(new SteeringVector(dModel, dirs)
        {
            ModelHint = "llama",
            Metadata = new Dictionary<string, string> { ["method"] = "pca_diff" },
        }, path);
        return path;
    }

    [Fact]
    public void ShowPrintsBlocksWidthsNormsHintAndMetadata()
    {
        using var dir = new TempDir();
        string a = WriteVector(dir, "a.gguf", 4, new() { [2] = [3, 4, 0, 0], [3] = [0, 0, 0, 1] });
        var (code, stdout, stderr) = CliRunner.Run("vector", "show", a);
        Assert.True(code == 0, stderr);
        Assert.Contains("model hint: llama", stdout);
        Assert.Contains("width:      4", stdout);
        Assert.Matches(@"\s2  direction\.2 +4 +5\.0000", stdout);
        Assert.Matches(@"\s3  direction\.3 +4 +1\.0000", stdout);
        Assert.Contains("vane.method = pca_diff", stdout);
    }

    [Fact]
    public void CombineWritesTheWeightedSum()
    {
        using var dir = new TempDir();
        string a = WriteVector(dir, "a.gguf", 4, new() { [2] = [2, 4, 6, 8] });
        string b = WriteVector(dir, "b.gguf", 4, new() { [2] = [1, 1, 1, 1], [5] = [1, 2, 3, 4] });
        string c = dir.File("c.gguf");
        var (code, _, stderr) = CliRunner.Run("vector", "combine", $"{a}:0.5", $"{b}:-1", "--out", c);
        Assert.True(code == 0, stderr);

        var v = ControlVectorFile.Read(c);
        Assert.Equal([0f, 1, 2, 3], v.Directions[2]);
        Assert.Equal([-1f, -2, -3, -4], v.Directions[5]);
        Assert.Equal("llama", v.ModelHint);
        Assert.Equal("0.5 * a.gguf + -1 * b.gguf", v.Metadata["combined_from"]);
    }

    [Theory]
    [InlineData("{a}:half", "weight 'half' is not a finite number")]
    [InlineData("{a}:NaN", "weight 'NaN' is not a finite number")]
    [InlineData(":2", "no file before the colon")]
    [InlineData("{dir}/missing.gguf:1", "file not found")]
    [InlineData("{a}:1 {narrow}:1", "vectors differ in width: 4 and 3")]
    [InlineData("{model}:1", "expected 'controlvector'")]
    public void CombineErrorsAreOneLine(string specs, string expected)
    {
        using var dir = new TempDir();
        string a = WriteVector(dir, "a.gguf", 4, new() { [2] = [2, 4, 6, 8] });
        string narrow = WriteVector(dir, "n.gguf", 3, new() { [2] = [1, 1, 1] });
        string model = dir.File("model.gguf");
        new Vane.Loading.Gguf.GgufWriter()
            .AddMetadata("general.architecture", Vane.Loading.Gguf.GgufValue.Of("llama")).Write(model);
        var args = specs.Replace("{a}", a).Replace("{narrow}", narrow).Replace("{model}", model)
            .Replace("{dir}", dir.Path).Split(' ').Prepend("combine").Prepend("vector")
            .Concat(["--out", dir.File("c.gguf")]).ToArray();

        var (code, stdout, stderr) = CliRunner.Run(args);
        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        string error = stderr.Split('\n').Single(l => l.StartsWith("error: "));
        Assert.Contains(expected, error);
        Assert.DoesNotContain("   at ", stderr);
        Assert.False(File.Exists(dir.File("c.gguf")));
    }

    [Fact]
    public void ShowOfAModelFileSaysItIsNoControlVector()
    {
        using var dir = new TempDir();
        string model = dir.File("model.gguf");
        new Vane.Loading.Gguf.GgufWriter()
            .AddMetadata("general.architecture", Vane.Loading.Gguf.GgufValue.Of("llama")).Write(model);
        var (code, _, stderr) = CliRunner.Run("vector", "show", model);
        Assert.Equal(1, code);
        Assert.Contains("general.architecture", stderr);
        Assert.Contains("not a control vector", stderr);
    }

    [Fact]
    public void CombineNeedsOut()
    {
        var (code, _, stderr) = CliRunner.Run("vector", "combine", "a.gguf:1");
        Assert.Equal(2, code);
        Assert.Contains("--out", stderr);
    }
}
