using Vane.Kernels;
using Vane.Tensors;

namespace Vane.Tests.Kernels;

/// <summary>Every exception the sparse kernels and the input-major layout can throw.</summary>
public class SparseErrorTests
{
    static InputMajorMatrix Small() =>
        InputMajorMatrix.FromWeights(WeightMatrix.FromArray("w", [1, 2, 3, 4, 5, 6], 2, 3));

    [Fact]
    public void NullSourceThrows() =>
        Assert.Throws<ArgumentNullException>(() => InputMajorMatrix.FromWeights(null!));

    [Theory]
    [InlineData(DType.F16)]
    [InlineData(DType.Q4_K)]
    public void UnsupportedTargetThrows(DType dtype)
    {
        var source = WeightMatrix.FromArray("w", new float[32 * 32], 32, 32);
        Assert.Throws<NotSupportedException>(() => InputMajorMatrix.FromWeights(source, dtype));
    }

    [Fact]
    public void Q8TargetWithOutputsNotMultipleOf32Throws()
    {
        var source = WeightMatrix.FromArray("w", new float[40 * 7], 40, 7);
        var e = Assert.Throws<ArgumentException>(() => InputMajorMatrix.FromWeights(source, DType.Q8_0));
        Assert.Equal("w", e.ParamName);
    }

    [Fact]
    public void ReadChannelOutOfRangeThrows() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Small().ReadChannel(3, new float[2]));

    [Fact]
    public void ReadChannelShortDestinationThrows()
    {
        var e = Assert.Throws<ArgumentException>(() => Small().ReadChannel(0, new float[1]));
        Assert.Equal("destination", e.ParamName);
    }

    [Fact]
    public void NullWeightsThrow()
    {
        Assert.Throws<ArgumentNullException>(
            () => SparseMatVec.Multiply(new float[3], null!, 0f, [], new float[2]));
        Assert.Throws<ArgumentNullException>(
            () => SparseMatVec.Multiply(new float[3], null!, new int[] { 0 }, [], new float[2]));
    }

    [Theory]
    [InlineData(-1f)]
    [InlineData(float.NaN)]
    public void BadThresholdThrows(float threshold) =>
        Assert.Throws<ArgumentOutOfRangeException>(
            () => SparseMatVec.Multiply(new float[3], Small(), threshold, [], new float[2]));

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void WrongInputLengthThrows(int length)
    {
        var e = Assert.Throws<ArgumentException>(
            () => SparseMatVec.Multiply(new float[length], Small(), 0f, [], new float[2]));
        Assert.Equal("x", e.ParamName);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void WrongOutputLengthThrows(int length)
    {
        var e = Assert.Throws<ArgumentException>(
            () => SparseMatVec.Multiply(new float[3], Small(), 0f, [], new float[length]));
        Assert.Equal("y", e.ParamName);
    }

    [Fact]
    public void WrongBiasLengthThrows()
    {
        var e = Assert.Throws<ArgumentException>(
            () => SparseMatVec.Multiply(new float[3], Small(), 0f, new float[3], new float[2]));
        Assert.Equal("bias", e.ParamName);
    }

    [Fact]
    public void OverlappingInputAndOutputThrow()
    {
        var buffer = new float[4];
        var e = Assert.Throws<ArgumentException>(
            () => SparseMatVec.Multiply(buffer.AsSpan(0, 3), Small(), 0f, [], buffer.AsSpan(2, 2)));
        Assert.Equal("y", e.ParamName);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3)]
    public void ActiveIndexOutOfRangeThrows(int index)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(
            () => SparseMatVec.Multiply(new float[3], Small(), new[] { 0, index }, [], new float[2]));
        Assert.Equal("active", e.ParamName);
    }

    [Fact]
    public void FindWithShortIndexBufferThrows()
    {
        var e = Assert.Throws<ArgumentException>(() => SparseChannels.Find(new float[5], 0f, new int[4]));
        Assert.Equal("active", e.ParamName);
    }

    [Fact]
    public void FindWithNegativeThresholdThrows() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SparseChannels.Find(new float[5], -0.5f, new int[5]));
}
