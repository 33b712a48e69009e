using Vane.Loading;
using Vane.Loading.Gguf;
using Vane.Model;
using Vane.Steering;
using Vane.Steering.Files;

namespace Vane.Tests.Steering.Files;

public class ControlVectorFileTests
{
    static readonly ModelConfig Model = new()
    {
        Architecture = Architecture.Llama,
        DModel = 8,
        NHeads = 2,
        NKvHeads = 2,
        DHead = 4,
        DMlp = 16,
        NLayers = 6,
        VocabSize = 32,
        MaxPositions = 16,
        NormEps = 1e-5f,
    };

    static SteeringVector Sample() => new(8, new Dictionary<int, float[]>
    {
        [2] = [1, -2, 3, -4, 5, -6, 7, -8.5f],
        [5] = [0.125f, 0, 0, 0, 0, 0, 0, -1e-7f],
    })
    {
        ModelHint = "llama",
        Metadata = new Dictionary<string, string> { ["method"] = "mean_diff", ["pairs"] = "12" },
    };

    [Fact]
    public void RoundTripKeepsValuesBlocksHintAndMetadata()
    {
        using var dir = new TempDir();
        string path = dir.File("v.gguf");
        var v = Sample();
        ControlVectorFile.Write(v, path);
        var back = ControlVectorFile.Read(path, Model);

        Assert.Equal(8, back.DModel);
        Assert.Equal([2, 5], back.Directions.Keys);
        foreach (var (block, d) in v.Directions)
            Assert.Equal(d, back.Directions[block]);
        Assert.Equal("llama", back.ModelHint);
        Assert.Equal(v.Metadata.OrderBy(kv => kv.Key), back.Metadata.OrderBy(kv => kv.Key));
    }

    [Fact]
    public void TheFileHasTheLlamaCppKeysAndTensorNames()
    {
        using var dir = new TempDir();
        string path = dir.File("v.gguf");
        ControlVectorFile.Write(Sample(), path);
        using var file = GgufFile.Open(path);
        Assert.Equal("controlvector", file.Metadata.GetString("general.architecture"));
        Assert.Equal("llama", file.Metadata.GetString("controlvector.model_hint"));
        Assert.Equal(2, file.Metadata.GetInt32("controlvector.layer_count"));
        Assert.Equal("mean_diff", file.Metadata.GetString("vane.method"));
        Assert.Equal(["direction.2", "direction.5"], file.Tensors.Select(t => t.Name));
        Assert.All(file.Tensors, t => Assert.Equal(GgmlType.F32, t.Type));
    }

    [Fact]
    public void ARepengFileLoads()
    {
        // repeng's export_gguf: gguf-py writer, model_type as hint, u32 count of directions,
        // direction.N for the 0-based decoder block N, in its dict order (last block first)
        using var dir = new TempDir();
        string path = dir.File("repeng.gguf");
        var w = new GgufWriter();
        w.AddMetadata("general.architecture", GgufValue.Of("controlvector"));
        w.AddMetadata("controlvector.model_hint", GgufValue.Of("mistral"));
        w.AddMetadata("controlvector.layer_count", GgufValue.Of(3u));
        foreach (int block in new[] { 5, 4, 3 })
            w.AddTensor($"direction.{block}", GgmlType.F32, [8], Enumerable.Repeat((float)block, 8).ToArray());
        w.Write(path);

        var v = ControlVectorFile.Read(path, Model);
        Assert.Equal([3, 4, 5], v.Directions.Keys);
        Assert.All(v.Directions, kv => Assert.All(kv.Value, x => Assert.Equal(kv.Key, x)));
        Assert.Equal("mistral", v.ModelHint);
        Assert.Empty(v.Metadata);
    }

    [Fact]
    public void ALlamaCppFileWithoutHintLoads()
    {
        using var dir = new TempDir();
        string path = dir.File("cvec.gguf");
        var w = new GgufWriter();
        w.AddMetadata("general.architecture", GgufValue.Of("controlvector"));
        w.AddMetadata("controlvector.layer_count", GgufValue.Of(1));
        w.AddTensor("direction.1", GgmlType.F32, [8], new float[8]);
        w.Write(path);
        var v = ControlVectorFile.Read(path);
        Assert.Null(v.ModelHint);
        Assert.Equal([1], v.Directions.Keys);
    }

    [Fact]
    public void BlockZeroCannotBeWritten()
    {
        using var dir = new TempDir();
        var v = new SteeringVector(8, new Dictionary<int, float[]> { [0] = new float[8], [1] = new float[8] });
        var e = Assert.Throws<ArgumentException>(() => ControlVectorFile.Write(v, dir.File("v.gguf")));
        Assert.Contains("block 0", e.Message);
        Assert.False(File.Exists(dir.File("v.gguf")));
    }

    public static TheoryData<string, string, string> BadFiles() => new()
    {
        { "model", "general.architecture", "found 'llama', expected 'controlvector'" },
        { "no-arch", "general.architecture", "missing" },
        { "nan", "direction.3", "value 5 is NaN" },
        { "inf", "direction.3", "value 0 is -Infinity" },
        { "widths", "direction.4", "width 7, expected 8 like 'direction.3'" },
        { "zero", "direction.0", "direction.0 is invalid" },
        { "name", "bias.3", "expected only 'direction.N'" },
        { "f16", "direction.3", "type F16, expected F32" },
        { "2d", "direction.3", "expected one dimension" },
        { "empty", "", "no direction tensors" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void BadFilesNameTheFileAndTensor(string kind, string item, string expected)
    {
        using var dir = new TempDir();
        string path = dir.File($"{kind}.gguf");
        WriteBad(kind, path);
        var e = Assert.Throws<ModelFormatException>(() => ControlVectorFile.Read(path));
        Assert.Equal(path, e.FilePath);
        Assert.Equal(item == "" ? null : item, e.Item);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void AWidthOtherThanTheModelsIsAnError()
    {
        using var dir = new TempDir();
        string path = dir.File("v.gguf");
        ControlVectorFile.Write(Sample(), path);
        var e = Assert.Throws<ModelFormatException>(() => ControlVectorFile.Read(path, Model with { DModel = 16 }));
        Assert.Equal("direction.2", e.Item);
        Assert.Contains("width 8, expected the model's d_model 16", e.Message);
    }

    [Fact]
    public void ABlockBeyondTheModelIsAnError()
    {
        using var dir = new TempDir();
        string path = dir.File("v.gguf");
        ControlVectorFile.Write(Sample(), path);
        var e = Assert.Throws<ModelFormatException>(() => ControlVectorFile.Read(path, Model with { NLayers = 4 }));
        Assert.Equal("direction.5", e.Item);
        Assert.Contains("block 5, expected a block of the model's 4", e.Message);
    }

    [Fact]
    public void AFileThatIsNoGgufIsAnError()
    {
        using var dir = new TempDir();
        string path = dir.File("v.gguf");
        File.WriteAllText(path, "not a gguf file at all, just some text");
        var e = Assert.Throws<ModelFormatException>(() => ControlVectorFile.Read(path));
        Assert.Equal(path, e.FilePath);
    }

    static void WriteBad(string kind, string path)
    {
        var w = new GgufWriter();
        if (kind != "no-arch")
            w.AddMetadata("general.architecture", GgufValue.Of(kind == "model" ? "llama" : "controlvector"));
        float[] ok = Enumerable.Range(0, 8).Select(i => (float)i).ToArray();
        switch (kind)
        {
            case "nan": ok[5] = float.NaN; break;
            case "inf": ok[0] = float.NegativeInfinity; break;
        }
        string name = kind switch { "zero" => "direction.0", "name" => "bias.3", _ => "direction.3" };
        if (kind == "f16")
            w.AddTensor(name, GgmlType.F16, [8], ok);
        else if (kind == "2d")
            w.AddTensor(name, GgmlType.F32, [4, 2], ok);
        else if (kind != "empty")
            w.AddTensor(name, GgmlType.F32, [8], ok);
        if (kind == "widths")
            w.AddTensor("direction.4", GgmlType.F32, [7], ok[..7]);
        w.Write(path);
    }
}
