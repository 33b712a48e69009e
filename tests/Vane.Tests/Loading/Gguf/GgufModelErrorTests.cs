using Vane.Loading;
using Vane.Loading.Gguf;

namespace Vane.Tests.Loading.Gguf;

/// <summary>
/// Every way a GGUF model file can fail to load: each error names the file and the key or
/// tensor at fault. Broken files are made by copying a converted model with one edit.
/// </summary>
public class GgufModelErrorTests
{
    [Fact]
    public void MissingHyperParameterNamesFileAndKey()
    {
        using var dir = new TempDir();
        string path = Edit(dir, skipKey: "llama.block_count");

        var e = Assert.Throws<ModelFormatException>(() => GgufModelLoader.Load(path));

        Assert.Equal(path, e.FilePath);
        Assert.Equal("llama.block_count", e.Item);
        Assert.Contains("not found", e.Message);
    }

    [Fact]
    public void UnsupportedArchitectureNamesItAndTheFile()
    {
        using var dir = new TempDir();
        string path = Edit(dir, arch: "mamba");

        var e = Assert.Throws<NotSupportedException>(() => GgufModelLoader.Load(path));

        Assert.Contains("'mamba'", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void WrongTensorShapeNamesTensorWithFoundAndExpected()
    {
        using var dir = new TempDir();
        string path = Edit(dir, replace: ("blk.1.attn_v.weight", [64, 8]));

        var e = Assert.Throws<ModelFormatException>(() => GgufModelLoader.Load(path));

        Assert.Equal("blk.1.attn_v.weight", e.Item);
        Assert.Contains("[64, 8]", e.Message);
        Assert.Contains("expected [64, 16]", e.Message);
    }

    [Fact]
    public void MissingTensorNamesFileAndTensor()
    {
        using var dir = new TempDir();
        string path = Edit(dir, skipTensor: "blk.0.ffn_gate.weight");

        var e = Assert.Throws<ModelFormatException>(() => GgufModelLoader.Load(path));

        Assert.Equal(path, e.FilePath);
        Assert.Equal("blk.0.ffn_gate.weight", e.Item);
    }

    [Fact]
    public void ConvertingToAnUnsupportedTypeSaysWhichTypesWork()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<NotSupportedException>(() => GgufConvert.FromHf(
            SharedData.Path("models/tiny-random-llama"), dir.File("m.gguf"), GgmlType.Q4_K));
        Assert.Contains("Q8_0", e.Message);
        Assert.False(File.Exists(dir.File("m.gguf")));
    }

    [Fact]
    public void ExtraMetadataIsWrittenBesideTheHyperParameters()
    {
        using var dir = new TempDir();
        string path = dir.File("m.gguf");
        GgufConvert.FromHf(SharedData.Path("models/tiny-random-gpt2"), path, GgmlType.F32,
            w => w.AddMetadata("tokenizer.ggml.model", GgufValue.Of("gpt2")));
        using var file = GgufFile.Open(path);
        Assert.Equal("gpt2", file.Metadata.GetString("tokenizer.ggml.model"));
        Assert.Equal(48u, file.Metadata.GetUInt32("gpt2.embedding_length"));
    }

    /// <summary>tiny-random-llama as F32 GGUF, copied with at most one key or tensor changed.</summary>
    static string Edit(
        TempDir dir,
        string? skipKey = null,
        string? arch = null,
        string? skipTensor = null,
        (string Name, long[] Dims)? replace = null)
    {
        string source = GgufModelParityTests.Convert(dir, "tiny-random-llama", GgmlType.F32);
        var w = new GgufWriter();
        using (var file = GgufFile.Open(source))
        {
            foreach (var (key, value) in file.Metadata.Values)
            {
                if (key == skipKey)
                    continue;
                bool isArch = key == "general.architecture" && arch is not null;
                w.AddMetadata(key, isArch ? GgufValue.Of(arch!) : value);
            }
            foreach (var t in file.Tensors.Where(t => t.Name != skipTensor))
            {
                if (t.Name == replace?.Name)
                    w.AddTensor(t.Name, GgmlType.F32, replace.Value.Dims,
                        new float[replace.Value.Dims.Aggregate(1L, (a, b) => a * b)]);
                else
                    w.AddEncoded(t.Name, t.Type, t.Dims, file.TensorBytes(t).ToArray());
            }
        }
        string path = dir.File("edited.gguf");
        w.Write(path);
        return path;
    }
}
