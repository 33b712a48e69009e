using Vane.Tensors;

namespace Vane.Tests.Tensors;

/// <summary>The in-memory WeightMatrix factories used by tests and converters.</summary>
public class WeightMatrixTests
{
    [Theory]
    [InlineData(DType.F32)]
    [InlineData(DType.F16)]
    [InlineData(DType.BF16)]
    public void FromArrayStoresTheDTypeAndReadsBack(DType dtype)
    {
        float[] values = [1, -2, 0.5f, 4, 0, -0.25f];
        var w = WeightMatrix.FromArray("w", values, 2, 3, dtype);

        Assert.Equal(dtype, w.DType);
        Assert.Equal(6 * dtype.Size(), w.ByteSize);
        Assert.Equal(values, w.ToArray());
    }

    [Fact]
    public void FromBytesCopiesTheElements()
    {
        var bytes = new byte[4];
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 2), (ushort)0x3F80); // bfloat16 1.0
        BitConverter.TryWriteBytes(bytes.AsSpan(2, 2), (ushort)0xC000); // bfloat16 -2.0
        var w = WeightMatrix.FromBytes("w", DType.BF16, 1, 2, bytes);
        bytes[1] = 0; // the matrix holds its own copy

        Assert.Equal([1f, -2f], w.ToArray());
    }

    [Fact]
    public void EmptyMatricesAreAllowed()
    {
        Assert.Empty(WeightMatrix.FromArray("w", [], 0, 5, DType.F16).ToArray());
        Assert.Empty(WeightMatrix.FromBytes("w", DType.F32, 3, 0, []).ToArray());
    }

    [Fact]
    public void ShapeMismatchesThrow()
    {
        Assert.Throws<ArgumentException>(() => WeightMatrix.FromArray("w", new float[5], 2, 3));
        Assert.Throws<ArgumentException>(() => WeightMatrix.FromArray("w", new float[6], -2, -3, DType.BF16));
        Assert.Throws<ArgumentException>(() => WeightMatrix.FromBytes("w", DType.F16, 2, 3, new byte[10]));
        Assert.Throws<ArgumentException>(() => WeightMatrix.FromBytes("w", DType.F32, 1, 1, new byte[3]));
    }
}
