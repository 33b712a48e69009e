using Vane.Loading.Gguf;
using Vane.Tensors;

namespace Vane.Tests.Tensors;

/// <summary>Row sizes of block dtypes, the ggml mapping, and quantised WeightMatrix storage.</summary>
public class QuantizedWeightTests
{
    [Theory]
    [InlineData(DType.F32, 3, 12)]
    [InlineData(DType.BF16, 3, 6)]
    [InlineData(DType.Q8_0, 64, 68)]
    [InlineData(DType.Q4_0, 32, 18)]
    [InlineData(DType.Q4_K, 512, 288)]
    [InlineData(DType.Q6_K, 256, 210)]
    [InlineData(DType.Q6_K, 0, 0)]
    public void RowBytesCountsWholeBlocks(DType dtype, int cols, long bytes) =>
        Assert.Equal(bytes, dtype.RowBytes(cols));

    [Theory]
    [InlineData(DType.Q8_0, 33)]
    [InlineData(DType.Q4_0, 16)]
    [InlineData(DType.Q4_K, 896)]
    [InlineData(DType.Q6_K, 32)]
    [InlineData(DType.F32, -1)]
    public void RowBytesRejectsPartialBlocks(DType dtype, int cols)
    {
        var e = Assert.Throws<ArgumentException>(() => dtype.RowBytes(cols));
        Assert.Equal("cols", e.ParamName);
    }

    [Theory]
    [InlineData(DType.Q8_0)]
    [InlineData(DType.Q4_K)]
    public void BlockTypesHaveNoElementSizeOrSafeTensorsName(DType dtype)
    {
        Assert.Throws<NotSupportedException>(() => dtype.Size());
        Assert.Throws<NotSupportedException>(() => dtype.SafeTensorsName());
        Assert.Null(DTypes.FromSafeTensorsName(dtype.ToString()));
    }

    [Fact]
    public void UnknownDTypesThrow()
    {
        Assert.Throws<NotSupportedException>(() => ((DType)99).ToGgml());
        Assert.Throws<NotSupportedException>(() => ((DType)99).RowBytes(4));
    }

    [Fact]
    public void GgmlMappingRoundTrips()
    {
        foreach (var dtype in Enum.GetValues<DType>())
            Assert.Equal(dtype, DTypes.FromGgml(dtype.ToGgml()));
        Assert.Null(DTypes.FromGgml((GgmlType)77));
        Assert.True(DType.Q6_K.IsQuantized());
        Assert.False(DType.BF16.IsQuantized());
    }

    [Theory]
    [InlineData(DType.Q8_0, 64)]
    [InlineData(DType.Q4_0, 96)]
    [InlineData(DType.Q4_K, 512)]
    [InlineData(DType.Q6_K, 256)]
    public void ReadRowAndToArrayMatchGgufDequantize(DType dtype, int cols)
    {
        var random = new Random(cols);
        var values = new float[3 * cols];
        for (int i = 0; i < values.Length; i++)
            values[i] = random.NextSingle() * 4 - 2;
        var w = WeightMatrix.Quantize("w", values, 3, cols, dtype);
        Assert.Equal(3 * dtype.RowBytes(cols), w.ByteSize);

        var all = w.ToArray();
        var row = new float[cols];
        for (int r = 0; r < 3; r++)
        {
            var bytes = new byte[dtype.RowBytes(cols)];
            GgufQuant.Quantize(dtype.ToGgml(), values.AsSpan(r * cols, cols), bytes);
            Assert.Equal(bytes, w.RowBytes(r).ToArray());
            var want = new float[cols];
            GgufQuant.Dequantize(dtype.ToGgml(), bytes, want);
            w.ReadRow(r, row);
            Assert.Equal(want, row);
            Assert.Equal(want, all[(r * cols)..((r + 1) * cols)]);
        }
    }

    [Fact]
    public void FromBytesKeepsQuantisedBlocks()
    {
        var source = WeightMatrix.Quantize("w", new float[2 * 256], 2, 256, DType.Q4_K);
        var copy = WeightMatrix.FromBytes("w", DType.Q4_K, 2, 256, source.AllBytes());
        Assert.Equal(source.AllBytes().ToArray(), copy.AllBytes().ToArray());
        Assert.Equal(2 * 144, copy.ByteSize);
    }

    [Fact]
    public void FromBytesRejectsAWrongByteCount()
    {
        var e = Assert.Throws<ArgumentException>(() => WeightMatrix.FromBytes("w", DType.Q8_0, 2, 32, new byte[34]));
        Assert.Contains("expected 68", e.Message);
        Assert.Throws<ArgumentException>(() => WeightMatrix.FromBytes("w", DType.Q8_0, -1, 32, []));
    }

    [Fact]
    public void ReadRowRejectsAShortDestination()
    {
        var w = WeightMatrix.Quantize("w", new float[32], 1, 32, DType.Q8_0);
        Assert.Throws<ArgumentException>(() => w.ReadRow(0, new float[31]));
        Assert.Throws<ArgumentOutOfRangeException>(() => w.ReadRow(1, new float[32]));
    }
}
