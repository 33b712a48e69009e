using Vane.Loading;
using Vane.Model;
using Vane.Tensors;
using Vane.Tests.Model;

namespace Vane.Tests.Loading;

public class DTypeTests
{
    [Theory]
    [InlineData(DType.BF16)]
    [InlineData(DType.F16)]
    public void DemoModelInHalfPrecisionStaysNearTheF32Reference(DType dtype)
    {
        using var dir = new TempDir();
        ModelFixtures.CopyFolder(SharedData.DemoModel, dir.Path);
        ModelFixtures.ConvertWeights(Path.Combine(SharedData.DemoModel, "model.safetensors"),
            dir.File("model.safetensors"), dtype);

        using var model = HfModelLoader.Load(dir.Path);
        Assert.Equal(dtype, model.WeightType);
        var pass = new ForwardPass(model);
        foreach (var prompt in ReferenceCase.Load("vane-demo-3m"))
        {
            float[] logits = pass.Run(TokenBatch.Single(prompt.PromptIds), new KvCache(model.Config));
            ReferenceCase.AssertClose(logits, prompt.Logits, 2e-2, $"{dtype} logits");
        }
    }

    [Fact]
    public void BFloat16RoundsToNearestEven()
    {
        Assert.Equal(0x3F80, Vane.Tensors.Convert.SingleToBFloat16(1f));
        // 1 + 2^-8 lies halfway between two bf16 values: ties go to the even one (1.0)
        Assert.Equal(0x3F80, Vane.Tensors.Convert.SingleToBFloat16(1f + 1f / 256));
        Assert.Equal(0x3F81, Vane.Tensors.Convert.SingleToBFloat16(1f + 3f / 512));
        Assert.True(float.IsNaN(BitConverter.UInt32BitsToSingle(
            (uint)Vane.Tensors.Convert.SingleToBFloat16(float.NaN) << 16)));
    }
}
