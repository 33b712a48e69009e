using Vane.Hooks;
using Vane.Loading;
using Vane.Loading.Gguf;
using Vane.Model;
using Vane.Tests.Model;

namespace Vane.Tests.Loading.Gguf;

/// <summary>
/// Each shared model converted to GGUF and loaded back must match the float64 reference
/// outputs as the safetensors load does: F32 as tightly, F16 and Q8_0 within their rounding.
/// </summary>
public class GgufModelParityTests
{
    public static TheoryData<string> Models => new()
    {
        "vane-demo-3m", "tiny-random-llama", "tiny-random-qwen2", "tiny-random-gpt2",
    };

    /// <summary>Converts shared model <paramref name="name"/> to <paramref name="type"/> in a file in dir.</summary>
    internal static string Convert(TempDir dir, string name, GgmlType type)
    {
        string path = dir.File($"{name}.{type}.gguf");
        GgufConvert.FromHf(SharedData.Path($"models/{name}"), path, type);
        return path;
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void F32LogitsAndResidualsMatchReference(string name)
    {
        using var dir = new TempDir();
        using var model = GgufModelLoader.Load(Convert(dir, name, GgmlType.F32));
        Assert.Equal(Vane.Tensors.DType.F32, model.WeightType);
        ReferenceCase.AssertLogitsAndResiduals(model, name, $"{name} gguf");
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void F32GreedyIdsMatchReference(string name)
    {
        using var dir = new TempDir();
        using var model = GgufModelLoader.Load(Convert(dir, name, GgmlType.F32));
        ReferenceCase.AssertGreedyIds(model, name, $"{name} gguf");
    }

    // F16 keeps 11 significant bits: each weight is off by at most 2^-11 relative, which a few
    // tiny layers turn into logit errors well under 1% of the largest logit.
    [Theory]
    [MemberData(nameof(Models))]
    public void F16LogitsMatchReference(string name)
    {
        using var dir = new TempDir();
        using var model = GgufModelLoader.Load(Convert(dir, name, GgmlType.F16));
        Assert.Equal(Vane.Tensors.DType.F16, model.Layers[0].O.DType);
        AssertLogitsClose(model, name, 2e-2, "F16");
    }

    // Q8_0 rounds each weight to 1/127 of its 32-value block's largest magnitude: errors up to
    // 0.4% of that maximum per weight, uncorrelated, so a logit moves by about that fraction times
    // sqrt(width) of typical products. 5e-2 of the largest logit bounds it on these models with a
    // margin of several times; the tight check below is against the same weights dequantised.
    [Theory]
    [MemberData(nameof(Models))]
    public void Q8_0LogitsMatchReference(string name)
    {
        using var dir = new TempDir();
        using var model = GgufModelLoader.Load(Convert(dir, name, GgmlType.Q8_0));
        AssertLogitsClose(model, name, 5e-2, "Q8_0");
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Q8_0MatchesItsDequantisedWeightsInF32(string name)
    {
        using var dir = new TempDir();
        using var q8 = GgufModelLoader.Load(Convert(dir, name, GgmlType.Q8_0));
        string f32Path = dir.File("dequantised.gguf");
        GgufConvert.FromModel(q8, f32Path, GgmlType.F32);
        using var f32 = GgufModelLoader.Load(f32Path);
        foreach (var (prompt, i) in ReferenceCase.Load(name).Select((p, i) => (p, i)))
        {
            float[] expected = Logits(f32, prompt.PromptIds);
            ReferenceCase.AssertClose(Logits(q8, prompt.PromptIds), expected, 1e-4,
                $"{name} Q8_0 prompt {i} vs dequantised F32");
        }
    }

    [Fact]
    public void TiedHeadIsWrittenOnceAndLoadedTied()
    {
        using var dir = new TempDir();
        using var file = GgufFile.Open(Convert(dir, "tiny-random-qwen2", GgmlType.F32));
        Assert.False(file.HasTensor("output.weight"));
        using var untied = GgufFile.Open(Convert(dir, "tiny-random-llama", GgmlType.F32));
        Assert.Equal([64L, 128L], untied.Tensor("output.weight").Dims);
        Assert.Equal("llama", untied.Metadata.GetString("general.architecture"));
        Assert.Equal(0u, untied.Metadata.GetUInt32("general.file_type"));
    }

    static void AssertLogitsClose(TransformerModel model, string name, double tol, string what)
    {
        foreach (var (prompt, i) in ReferenceCase.Load(name).Select((p, i) => (p, i)))
            ReferenceCase.AssertClose(Logits(model, prompt.PromptIds), prompt.Logits, tol,
                $"{name} {what} prompt {i} logits");
    }

    internal static float[] Logits(TransformerModel model, int[] ids) =>
        new ForwardPass(model).Run(TokenBatch.Single(ids), new KvCache(model.Config));
}
