using Vane.Loading;
using Vane.Model;
using Vane.Tensors;

namespace Vane.Tests.Loading;

public class RandomCheckpointTests
{
    [Theory]
    [InlineData(DType.F32)]
    [InlineData(DType.BF16)]
    public void WritesAFolderThatLoadsAndRuns(DType dtype)
    {
        using var dir = new TempDir();
        var shape = RandomCheckpoint.Shapes["tiny-llama"];
        RandomCheckpoint.Write(dir.Path, shape, dtype, seed: 3);

        using var model = HfModelLoader.Load(dir.Path);
        Assert.Equal(shape.DModel, model.Config.DModel);
        Assert.Equal(shape.NLayers, model.Layers.Count);
        Assert.Equal(dtype, model.WeightType);
        float[] logits = new ForwardPass(model).Run(TokenBatch.Single([1, 2, 3]), new KvCache(model.Config));
        Assert.All(logits, v => Assert.True(float.IsFinite(v)));
        Assert.True(logits.Max() - logits.Min() > 1e-3, "random logits should not be flat");
    }

    [Fact]
    public void SameSeedSameWeights()
    {
        using var a = new TempDir();
        using var b = new TempDir();
        RandomCheckpoint.Write(a.Path, RandomCheckpoint.Shapes["tiny-llama"], seed: 5);
        RandomCheckpoint.Write(b.Path, RandomCheckpoint.Shapes["tiny-llama"], seed: 5);
        Assert.Equal(File.ReadAllBytes(a.File("model.safetensors")), File.ReadAllBytes(b.File("model.safetensors")));
    }
}
