using Vane.Kernels;
using Vane.Tensors;

namespace Vane.Tests.Kernels;

/// <summary>
/// MatMul against a double-precision reference computed from the same (already rounded) weights.
/// Tolerance: |got - want| &lt;= 1e-5 * sum_k |x[t, k] * w[n, k]| (F32 accumulation error).
/// </summary>
public class MatMulTests
{
    // Awkward widths around the 4-row / 4-token tiles and the 8/16-lane vectors.
    static readonly int[] Sizes = [0, 1, 15, 16, 17, 31, 33, 63, 65, 129];

    public static TheoryData<DType, int, bool> SmallCases()
    {
        var data = new TheoryData<DType, int, bool>();
        foreach (var dtype in new[] { DType.F32, DType.F16, DType.BF16 })
            for (int tokens = 1; tokens <= 9; tokens++)
                foreach (bool bias in new[] { false, true })
                    data.Add(dtype, tokens, bias);
        return data;
    }

    [Theory]
    [MemberData(nameof(SmallCases))]
    public void AwkwardShapesMatchReference(DType dtype, int tokens, bool withBias)
    {
        var random = new Random(tokens * 31 + (int)dtype);
        foreach (int rows in Sizes)
            foreach (int cols in Sizes)
                CheckAgainstReference(random, rows, cols, dtype, tokens, withBias);
    }

    [Theory]
    [InlineData(DType.F32, 1)]
    [InlineData(DType.F32, 7)]
    [InlineData(DType.F32, 70)]
    [InlineData(DType.F16, 1)]
    [InlineData(DType.F16, 7)]
    [InlineData(DType.BF16, 1)]
    [InlineData(DType.BF16, 7)]
    public void LargeShapesMatchReference(DType dtype, int tokens)
    {
        var random = new Random(5);
        CheckAgainstReference(random, 896, 4864, dtype, tokens, withBias: true);
        CheckAgainstReference(random, 4864, 896, dtype, tokens, withBias: false);
        CheckAgainstReference(random, 1030, 1000, dtype, tokens, withBias: true); // columns span blocks
    }

    [Fact]
    public void ConcurrentCallersGetTheirOwnResults()
    {
        // Several threads share the worker pool; each must get exactly its single-thread answer.
        var random = new Random(9);
        var w = WeightMatrix.FromArray("w", RandomValues(random, 700 * 300), 700, 300);
        var inputs = Enumerable.Range(0, 8).Select(_ => RandomValues(random, 3 * 300)).ToArray();
        var expected = inputs.Select(x =>
        {
            var y = new float[3 * 700];
            MatMul.Multiply(x, w, [], y, 3);
            return y;
        }).ToArray();

        Parallel.For(0, 64, i =>
        {
            var y = new float[3 * 700];
            MatMul.Multiply(inputs[i % 8], w, [], y, 3);
            Assert.Equal(expected[i % 8], y);
        });
    }

    [Theory]
    [InlineData(DType.F32, 1)]
    [InlineData(DType.BF16, 1)]
    [InlineData(DType.F16, 5)]
    public void AllocatesNothingAfterTheFirstCall(DType dtype, int tokens)
    {
        var random = new Random(3);
        var w = WeightMatrix.FromArray("w", RandomValues(random, 512 * 640), 512, 640, dtype);
        var x = RandomValues(random, tokens * 640);
        var y = new float[tokens * 512];
        // JIT, per-thread state and first-use statics first: a small product runs on this thread
        // alone, a large one may leave every chunk to the pool's workers.
        var small = WeightMatrix.FromArray("small", RandomValues(random, 8 * 40), 8, 40, dtype);
        MatMul.Multiply(x.AsSpan(0, tokens * 40), small, [], y, tokens);
        MatMul.Multiply(x, w, [], y, tokens);

        long bytes = Allocations.SteadyState(() => MatMul.Multiply(x, w, [], y, tokens));
        Assert.True(bytes == 0, $"{bytes} bytes allocated");
    }

    [Fact]
    public void ZeroTokensWritesNothing()
    {
        var w = WeightMatrix.FromArray("w", [1, 2, 3, 4], 2, 2);
        var y = new float[] { 7, 7 };
        MatMul.Multiply([], w, [], y, 0);
        Assert.Equal([7f, 7f], y);
    }

    [Fact]
    public void NullWeightsThrow() =>
        Assert.Throws<ArgumentNullException>(() => MatMul.Multiply(new float[2], null!, [], new float[2], 1));

    [Fact]
    public void NegativeTokensThrow() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MatMul.Multiply(new float[2], Square(), [], new float[2], -1));

    [Fact]
    public void ShortInputThrows()
    {
        var e = Assert.Throws<ArgumentException>(() => MatMul.Multiply(new float[3], Square(), [], new float[4], 2));
        Assert.Equal("x", e.ParamName);
    }

    [Fact]
    public void ShortOutputThrows()
    {
        var e = Assert.Throws<ArgumentException>(() => MatMul.Multiply(new float[4], Square(), [], new float[3], 2));
        Assert.Equal("y", e.ParamName);
    }

    [Fact]
    public void WrongBiasLengthThrows()
    {
        var e = Assert.Throws<ArgumentException>(
            () => MatMul.Multiply(new float[2], Square(), new float[3], new float[2], 1));
        Assert.Equal("bias", e.ParamName);
    }

    [Fact]
    public void OverlappingInputAndOutputThrow()
    {
        var buffer = new float[4];
        var e = Assert.Throws<ArgumentException>(
            () => MatMul.Multiply(buffer.AsSpan(0, 2), Square(), [], buffer.AsSpan(1, 2), 1));
        Assert.Equal("y", e.ParamName);
    }

    static WeightMatrix Square() => WeightMatrix.FromArray("square", [1, 2, 3, 4], 2, 2);

    static float[] RandomValues(Random random, int count)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
            values[i] = random.NextSingle() * 2 - 1;
        return values;
    }

    static void CheckAgainstReference(Random random, int rows, int cols, DType dtype, int tokens, bool withBias)
    {
        var w = WeightMatrix.FromArray("w", RandomValues(random, rows * cols), rows, cols, dtype);
        var stored = w.ToArray(); // the weights as the kernel sees them, after rounding to dtype
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
                for (int c = 0; c < cols; c++)
                {
                    double product = (double)x[t * cols + c] * stored[(long)r * cols + c];
                    want += product;
                    scale += Math.Abs(product);
                }
                float got = y[t * rows + r];
                Assert.True(Math.Abs(got - want) <= 1e-5 * scale + 1e-30,
                    $"{dtype} [{rows}x{cols}] tokens={tokens} bias={withBias} y[{t},{r}]: got {got}, want {want}");
            }
        }
        Assert.Equal([-5f, -5f, -5f], y[^3..]);
    }
}
