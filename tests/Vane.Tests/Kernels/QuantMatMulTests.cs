using Vane.Kernels;
using Vane.Loading.Gguf;
using Vane.Tensors;

namespace Vane.Tests.Kernels;

/// <summary>
/// MatMul over quantised weights against a double-precision product of x with the dequantised
/// weights (WeightMatrix.ToArray, i.e. GgufQuant.Dequantize). x stays F32 in every path, so the
/// tolerance is F32 accumulation error: |got - want| &lt;= 1e-5 * S with S = sum_k |x_k w_k|.
/// Q4_K decode sums d*scale*(q . x) and dmin*min*sum(x) separately, terms each up to about
/// 2 max|w| |x_k|; its bound is 1e-5 * (S + 3 max_k|w_k| sum_k|x_k|).
/// </summary>
public class QuantMatMulTests
{
    static readonly int[] Rows = [1, 3, 17, 65];
    static readonly DType[] Quantized = [DType.Q8_0, DType.Q4_0, DType.Q4_K, DType.Q6_K];

    public static TheoryData<DType, int, bool> SmallCases()
    {
        var data = new TheoryData<DType, int, bool>();
        foreach (var dtype in Quantized)
            for (int tokens = 1; tokens <= 9; tokens++)
                foreach (bool bias in new[] { false, true })
                    data.Add(dtype, tokens, bias);
        return data;
    }

    [Theory]
    [MemberData(nameof(SmallCases))]
    public void RandomShapesMatchTheDequantisedProduct(DType dtype, int tokens, bool withBias)
    {
        var random = new Random(tokens * 37 + (int)dtype);
        int block = dtype.BlockSize();
        // One block, a few, and enough to cross the prefill kernel's 512-column blocks.
        int[] cols = [block, 2 * block, 3 * block, block == 32 ? 17 * block : 5 * block];
        foreach (int rows in Rows)
            foreach (int c in cols)
                CheckAgainstReference(random, rows, c, dtype, tokens, withBias);
    }

    [Theory]
    [InlineData(DType.Q8_0, 1)]
    [InlineData(DType.Q8_0, 7)]
    [InlineData(DType.Q4_K, 1)]
    [InlineData(DType.Q4_K, 7)]
    [InlineData(DType.Q6_K, 1)]
    [InlineData(DType.Q4_0, 3)]
    public void LargeShapesMatchTheDequantisedProduct(DType dtype, int tokens)
    {
        var random = new Random(11);
        CheckAgainstReference(random, 896, 4864, dtype, tokens, withBias: true);
        CheckAgainstReference(random, 4864 / 4, 1024, dtype, tokens, withBias: false);
    }

    [Theory]
    [InlineData(DType.Q8_0, 1)]
    [InlineData(DType.Q8_0, 5)]
    [InlineData(DType.Q4_K, 1)]
    [InlineData(DType.Q4_K, 5)]
    public void AllocatesNothingAfterTheFirstCall(DType dtype, int tokens)
    {
        var random = new Random(3);
        var w = WeightMatrix.Quantize("w", RandomValues(random, 512 * 768), 512, 768, dtype);
        var x = RandomValues(random, tokens * 768);
        var y = new float[tokens * 512];
        var small = WeightMatrix.Quantize("small", RandomValues(random, 8 * 256), 8, 256, dtype);
        MatMul.Multiply(x.AsSpan(0, tokens * 256), small, [], y, tokens);
        MatMul.Multiply(x, w, [], y, tokens);

        long bytes = Allocations.SteadyState(() => MatMul.Multiply(x, w, [], y, tokens));
        Assert.True(bytes == 0, $"{bytes} bytes allocated");
    }

    [Theory]
    [InlineData(DType.Q8_0)]
    [InlineData(DType.Q4_K)]
    public void ConcurrentDecodeCallersGetTheirOwnResults(DType dtype)
    {
        // Q4_K keeps per-thread sums of x; each caller must see its own.
        var random = new Random(9);
        var w = WeightMatrix.Quantize("w", RandomValues(random, 700 * 512), 700, 512, dtype);
        var inputs = Enumerable.Range(0, 8).Select(_ => RandomValues(random, 512)).ToArray();
        var expected = inputs.Select(x =>
        {
            var y = new float[700];
            MatMul.Multiply(x, w, [], y, 1);
            return y;
        }).ToArray();

        Parallel.For(0, 32, i =>
        {
            var y = new float[700];
            MatMul.Multiply(inputs[i % 8], w, [], y, 1);
            Assert.Equal(expected[i % 8], y);
        });
    }

    [Theory]
    [InlineData(DType.Q8_0, 32)]
    [InlineData(DType.Q8_0, 96)]
    [InlineData(DType.Q8_0, 544)]
    [InlineData(DType.Q4_K, 256)]
    [InlineData(DType.Q4_K, 768)]
    [InlineData(DType.Q4_0, 64)]
    [InlineData(DType.Q6_K, 512)]
    public unsafe void VectorDequantiseMatchesTheScalarDecoder(DType dtype, int count)
    {
        var random = new Random(count);
        var w = WeightMatrix.Quantize("w", RandomValues(random, count), 1, count, dtype);
        var fast = new float[count + 1];
        var scalar = new float[count];
        fast[count] = 42; // nothing past the end
        fixed (byte* src = w.RowBytes(0))
        fixed (float* f = fast, s = scalar)
        {
            QuantRows.Dequantize(dtype, src, count, f);
            QuantRows.Scalar(dtype, src, count, s);
        }
        Assert.Equal(scalar, fast[..count]);
        Assert.Equal(42, fast[count]);
    }

    [Fact]
    public unsafe void BlockScalesWidenExactly()
    {
        // Every finite binary16, zero, subnormals and negatives included.
        for (int bits = 0; bits < 0x10000; bits++)
        {
            ushort h = (ushort)bits;
            if ((h & 0x7C00) == 0x7C00)
                continue; // infinities and NaNs are not scales
            float want = (float)BitConverter.UInt16BitsToHalf(h);
            Assert.Equal(BitConverter.SingleToInt32Bits(want),
                BitConverter.SingleToInt32Bits(QuantRows.Half16((byte*)&h)));
        }
    }

    [Fact]
    public void NoColumnsGivesTheBias()
    {
        var w = WeightMatrix.Quantize("w", [], 3, 0, DType.Q4_K);
        var y = new float[3];
        MatMul.Multiply([], w, [1, 2, 3], y, 1);
        Assert.Equal([1f, 2f, 3f], y);
    }

    [Fact]
    public void ColumnsNotAWholeNumberOfBlocksThrow()
    {
        var e = Assert.Throws<ArgumentException>(
            () => WeightMatrix.Quantize("w", new float[2 * 48], 2, 48, DType.Q8_0));
        Assert.Contains("48", e.Message);
        Assert.Throws<ArgumentException>(() => WeightMatrix.FromArray("w", new float[128], 1, 128, DType.Q4_K));
        Assert.Throws<ArgumentException>(() => WeightMatrix.FromBytes("w", DType.Q6_K, 1, 100, new byte[210]));
    }

    internal static float[] RandomValues(Random random, int count)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
            values[i] = random.NextSingle() * 2 - 1;
        return values;
    }

    static void CheckAgainstReference(Random random, int rows, int cols, DType dtype, int tokens, bool withBias)
    {
        var w = WeightMatrix.Quantize("w", RandomValues(random, rows * cols), rows, cols, dtype);
        var stored = w.ToArray(); // the dequantised weights
        var x = RandomValues(random, tokens * cols);
        var bias = withBias ? RandomValues(random, rows) : [];
        var y = new float[tokens * rows + 3];
        y.AsSpan().Fill(float.NaN); // every output must be written
        y.AsSpan(tokens * rows).Fill(-5f); // and nothing past the end

        MatMul.Multiply(x, w, bias, y.AsSpan(0, tokens * rows), tokens);

        for (int t = 0; t < tokens; t++)
        {
            for (int r = 0; r < rows; r++)
            {
                double want = withBias ? bias[r] : 0, scale = withBias ? Math.Abs(bias[r]) : 0;
                double maxW = 0, sumX = 0;
                for (int c = 0; c < cols; c++)
                {
                    double wc = stored[(long)r * cols + c], xc = x[t * cols + c];
                    want += xc * wc;
                    scale += Math.Abs(xc * wc);
                    maxW = Math.Max(maxW, Math.Abs(wc));
                    sumX += Math.Abs(xc);
                }
                if (dtype == DType.Q4_K)
                    scale += 3 * maxW * sumX;
                float got = y[t * rows + r];
                Assert.True(Math.Abs(got - want) <= 1e-5 * scale + 1e-30,
                    $"{dtype} [{rows}x{cols}] tokens={tokens} bias={withBias} y[{t},{r}]: got {got}, want {want}");
            }
        }
        Assert.Equal([-5f, -5f, -5f], y[^3..]);
    }
}
