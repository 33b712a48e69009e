using System.Text;
using Vane.Loading;

namespace Vane.Tests.Loading;

/// <summary>Every kind of broken model folder gives one clear error naming the file (and tensor).</summary>
public class BadModelTests
{
    static string Tiny => SharedData.Path("models/tiny-random-llama");

    static ModelFormatException LoadFails(string folder) =>
        Assert.Throws<ModelFormatException>(() => HfModelLoader.Load(folder).Dispose());

    [Fact]
    public void MissingFolder()
    {
        var e = LoadFails("/nonexistent/model");
        Assert.Contains("/nonexistent/model", e.Message);
        Assert.Contains("not found", e.Message);
    }

    [Fact]
    public void MissingConfig()
    {
        using var dir = new TempDir();
        var e = LoadFails(dir.Path);
        Assert.Contains("config.json", e.Message);
    }

    [Fact]
    public void MissingWeights()
    {
        using var dir = new TempDir();
        ModelFixtures.CopyFolder(Tiny, dir.Path);
        var e = LoadFails(dir.Path);
        Assert.Contains("model.safetensors", e.Message);
        Assert.Contains("not found", e.Message);
    }

    [Fact]
    public void TruncatedWeights()
    {
        using var dir = new TempDir();
        ModelFixtures.CopyFolder(Tiny, dir.Path);
        byte[] bytes = File.ReadAllBytes(Path.Combine(Tiny, "model.safetensors"));
        File.WriteAllBytes(dir.File("model.safetensors"), bytes[..(bytes.Length - 1000)]);
        var e = LoadFails(dir.Path);
        Assert.Contains("model.safetensors", e.Message);
        Assert.Contains("outside", e.Message);
        Assert.NotNull(e.Item); // names the first tensor that does not fit
    }

    [Fact]
    public void FileShorterThanTheLengthField()
    {
        using var dir = new TempDir();
        ModelFixtures.CopyFolder(Tiny, dir.Path);
        File.WriteAllBytes(dir.File("model.safetensors"), [1, 2, 3]);
        Assert.Contains("too short", LoadFails(dir.Path).Message);
    }

    [Fact]
    public void HeaderLengthPastTheEnd()
    {
        using var dir = new TempDir();
        ModelFixtures.CopyFolder(Tiny, dir.Path);
        File.WriteAllBytes(dir.File("model.safetensors"), [.. BitConverter.GetBytes(1UL << 40), .. new byte[16]]);
        Assert.Contains("header length", LoadFails(dir.Path).Message);
    }

    [Fact]
    public void HeaderNotJson()
    {
        using var dir = new TempDir();
        ModelFixtures.CopyFolder(Tiny, dir.Path);
        byte[] header = Encoding.UTF8.GetBytes("{not json");
        File.WriteAllBytes(dir.File("model.safetensors"), [.. BitConverter.GetBytes((ulong)header.Length), .. header]);
        Assert.Contains("not valid JSON", LoadFails(dir.Path).Message);
    }

    [Fact]
    public void HeaderOffsetsDisagreeWithShape()
    {
        using var dir = new TempDir();
        ModelFixtures.CopyFolder(Tiny, dir.Path);
        WriteRaw(dir.File("model.safetensors"),
            """{"model.embed_tokens.weight":{"dtype":"F32","shape":[128,64],"data_offsets":[0,16]}}""", 16);
        var e = LoadFails(dir.Path);
        Assert.Equal("model.embed_tokens.weight", e.Item);
        Assert.Contains("needs 32768 bytes", e.Message);
    }

    [Fact]
    public void ShapeDisagreesWithConfig()
    {
        using var dir = new TempDir();
        ModelFixtures.CopyFolder(Tiny, dir.Path, includeWeights: true);
        File.WriteAllText(dir.File("config.json"),
            File.ReadAllText(dir.File("config.json"))
                .Replace("\"intermediate_size\": 96", "\"intermediate_size\": 100"));
        var e = LoadFails(dir.Path);
        Assert.Equal("model.layers.0.mlp.gate_proj.weight", e.Item);
        Assert.Contains("[96, 64]", e.Message);
        Assert.Contains("expected [100, 64]", e.Message);
    }

    [Fact]
    public void UnsupportedDType()
    {
        using var dir = new TempDir();
        ModelFixtures.CopyFolder(Tiny, dir.Path);
        WriteRaw(dir.File("model.safetensors"),
            """{"model.embed_tokens.weight":{"dtype":"I64","shape":[128,64],"data_offsets":[0,65536]}}""", 65536);
        var e = LoadFails(dir.Path);
        Assert.Equal("model.embed_tokens.weight", e.Item);
        Assert.Contains("I64", e.Message);
    }

    [Fact]
    public void MissingTensor()
    {
        using var dir = new TempDir();
        ModelFixtures.CopyFolder(Tiny, dir.Path);
        WriteRaw(dir.File("model.safetensors"), """{"other":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", 4);
        var e = LoadFails(dir.Path);
        Assert.Equal("model.embed_tokens.weight", e.Item);
        Assert.Contains("not found", e.Message);
    }

    [Fact]
    public void UnsupportedArchitectureIsNotSupported()
    {
        using var dir = new TempDir();
        ModelFixtures.CopyFolder(Tiny, dir.Path, includeWeights: true);
        File.WriteAllText(dir.File("config.json"), """{"model_type": "mamba", "hidden_size": 64}""");
        var e = Assert.Throws<NotSupportedException>(() => HfModelLoader.Load(dir.Path).Dispose());
        Assert.Contains("mamba", e.Message);
        Assert.Contains("config.json", e.Message);
    }

    [Fact]
    public void ConfigFieldOfWrongType()
    {
        using var dir = new TempDir();
        ModelFixtures.CopyFolder(Tiny, dir.Path, includeWeights: true);
        File.WriteAllText(dir.File("config.json"),
            File.ReadAllText(dir.File("config.json")).Replace("\"hidden_size\": 64", "\"hidden_size\": \"big\""));
        var e = LoadFails(dir.Path);
        Assert.Equal("hidden_size", e.Item);
    }

    [Theory]
    [InlineData("eos_token_id", "[2, \"x\"]", "an integer in the list")]
    [InlineData("rms_norm_eps", "\"small\"", "a number")]
    [InlineData("tie_word_embeddings", "1", "true or false")]
    public void ConfigFieldOfWrongTypeShowsWhatWasExpectedAndFound(string name, string value, string expected)
    {
        using var dir = new TempDir();
        ModelFixtures.CopyFolder(Tiny, dir.Path, includeWeights: true);
        var config = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(dir.File("config.json")))!.AsObject();
        config[name] = System.Text.Json.Nodes.JsonNode.Parse(value);
        File.WriteAllText(dir.File("config.json"), config.ToJsonString());
        var e = LoadFails(dir.Path);
        Assert.Equal(name, e.Item);
        Assert.Contains($"expected {expected}", e.Message);
        Assert.Contains("config.json", e.Message);
    }

    [Fact]
    public void ShardIndexNamingAMissingShard()
    {
        using var dir = new TempDir();
        ModelFixtures.CopyFolder(Tiny, dir.Path);
        File.WriteAllText(dir.File("model.safetensors.index.json"),
            """{"weight_map": {"model.embed_tokens.weight": "model-00001-of-00002.safetensors"}}""");
        var e = LoadFails(dir.Path);
        Assert.Contains("model-00001-of-00002.safetensors", e.Message);
    }

    static void WriteRaw(string path, string header, int dataBytes)
    {
        byte[] h = Encoding.UTF8.GetBytes(header);
        File.WriteAllBytes(path, [.. BitConverter.GetBytes((ulong)h.Length), .. h, .. new byte[dataBytes]]);
    }
}
