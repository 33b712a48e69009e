using Vane.Kernels;
using Vane.Tensors;

namespace Vane.Tests.Kernels;

/// <summary>
/// SparseMatVec against the dense MatMul on the masked input (entries at or below the threshold
/// zeroed), with the very weights the input-major copy holds. Tolerance:
/// |got - want| &lt;= 1e-5 * (sum_k |x[k] * w[n, k]| + |bias[n]|) + 1e-30.
/// </summary>
public class SparseMatVecTests
{
    // Awkward lengths around the 16-lane vectors and the 4-row passes.
    static readonly int[] Sizes = [0, 1, 3, 15, 16, 17, 31, 33, 65, 129];

    // Q8_0 rows need whole blocks of 32 outputs.
    static readonly int[] Q8Outputs = [0, 32, 64, 96, 160, 512, 544, 1056];

    [Theory]
    [InlineData(0f, false)]
    [InlineData(0.3f, true)]
    [InlineData(0.7f, false)]
    [InlineData(0.9f, true)]
    public void F32AwkwardShapesMatchDense(float threshold, bool withBias)
    {
        var random = new Random(11);
        foreach (int n in Sizes)
            foreach (int k in Sizes)
                CheckAgainstDense(random, n, k, DType.F32, threshold, withBias);
    }

    [Theory]
    [InlineData(0f, true)]
    [InlineData(0.5f, false)]
    [InlineData(0.8f, true)]
    public void Q8AwkwardShapesMatchDense(float threshold, bool withBias)
    {
        var random = new Random(12);
        foreach (int n in Q8Outputs)
            foreach (int k in Sizes)
                CheckAgainstDense(random, n, k, DType.Q8_0, threshold, withBias);
    }

    [Theory]
    [InlineData(DType.F32)]
    [InlineData(DType.Q8_0)]
    public void LargeShapesMatchDenseOnThePool(DType dtype)
    {
        // Large enough that the outputs are split over the worker pool.
        var random = new Random(13);
        CheckAgainstDense(random, 896, 4864, dtype, 0.5f, withBias: false);
        CheckAgainstDense(random, 4864, 896, dtype, 0.25f, withBias: true);
        CheckAgainstDense(random, 1024, 1001, dtype, 0f, withBias: true);
    }

    [Fact]
    public void F16AndBF16SourcesBecomeExactF32()
    {
        var random = new Random(14);
        var values = RandomValues(random, 40 * 33);
        foreach (var dtype in new[] { DType.F16, DType.BF16 })
        {
            var source = WeightMatrix.FromArray("w", values, 40, 33, dtype);
            var w = InputMajorMatrix.FromWeights(source);
            Assert.Equal(DType.F32, w.DType);
            Assert.Equal(source.ToArray(), w.ToWeightMatrix().ToArray());
        }
    }

    [Theory]
    [InlineData(DType.Q8_0, 64, DType.Q8_0)]
    [InlineData(DType.Q8_0, 33, DType.F32)]
    [InlineData(DType.Q4_0, 64, DType.Q8_0)]
    [InlineData(DType.Q4_K, 64, DType.Q8_0)]
    [InlineData(DType.Q6_K, 40, DType.F32)]
    public void QuantisedSourcesTakeQ8OrF32ByOutputWidth(DType source, int outputs, DType stored)
    {
        var random = new Random(20);
        var w = WeightMatrix.FromArray("w", RandomValues(random, outputs * 256), outputs, 256, source);
        var m = InputMajorMatrix.FromWeights(w);
        Assert.Equal(stored, m.DType);
        var x = RandomValues(random, 256);
        var want = new float[outputs];
        var got = new float[outputs];
        MatMul.Multiply(x, w, [], want, 1);
        SparseMatVec.Multiply(x, m, 0f, [], got);
        float scale = want.Max(MathF.Abs);
        for (int i = 0; i < outputs; i++)
            Assert.Equal(want[i], got[i], 0.02f * scale); // Q8_0 rounding of the stored copy
    }

    [Fact]
    public void Q4KSourceCanBeStoredAsQ8()
    {
        var random = new Random(19);
        var source = WeightMatrix.FromArray("w", RandomValues(random, 64 * 256), 64, 256, DType.Q4_K);
        var w = InputMajorMatrix.FromWeights(source, DType.Q8_0);
        var got = w.ToWeightMatrix().ToArray();
        var want = source.ToArray();
        for (int i = 0; i < want.Length; i++)
            Assert.Equal(want[i], got[i], 0.01f); // one Q8_0 step of a value in [-1, 1]
    }

    [Theory]
    [InlineData(DType.F32)]
    [InlineData(DType.Q8_0)]
    public void ThresholdAboveEveryInputGivesTheBias(DType dtype)
    {
        var random = new Random(15);
        var w = RandomMatrix(random, 64, 50, dtype);
        var x = RandomValues(random, 50);
        var bias = RandomValues(random, 64);
        var y = new float[64];
        SparseMatVec.Multiply(x, w, 10f, bias, y);
        Assert.Equal(bias, y);
        SparseMatVec.Multiply(x, w, 10f, [], y);
        Assert.All(y, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void ChosenIndicesMatchTheMaskedProduct()
    {
        var random = new Random(16);
        var w = RandomMatrix(random, 100, 70, DType.F32);
        var x = RandomValues(random, 70);
        int[] active = [3, 4, 9, 10, 11, 40, 41, 69, 0];
        var masked = new float[70];
        foreach (int k in active)
            masked[k] = x[k];
        var want = new float[100];
        MatMul.Multiply(masked, w.ToWeightMatrix(), [], want, 1);

        var got = new float[100];
        SparseMatVec.Multiply(x, w, active, [], got);
        for (int n = 0; n < 100; n++)
            Assert.Equal(want[n], got[n], 1e-4f);
    }

    [Theory]
    [InlineData(DType.F32)]
    [InlineData(DType.Q8_0)]
    public void AllocatesNothingAfterTheFirstCall(DType dtype)
    {
        var random = new Random(17);
        var w = RandomMatrix(random, 512, 640, dtype);
        var x = RandomValues(random, 640);
        var y = new float[512];
        int[] active = [1, 2, 3, 500];
        SparseMatVec.Multiply(x, w, 0.5f, [], y);
        SparseMatVec.Multiply(x, w, active, [], y);

        long bytes = Allocations.SteadyState(() =>
        {
            SparseMatVec.Multiply(x, w, 0.5f, [], y);
            SparseMatVec.Multiply(x, w, active, [], y);
        });
        Assert.True(bytes == 0, $"{bytes} bytes allocated");
    }

    [Fact]
    public void ConcurrentCallersGetTheirOwnResults()
    {
        var random = new Random(18);
        var w = RandomMatrix(random, 700, 300, DType.F32);
        var inputs = Enumerable.Range(0, 8).Select(_ => RandomValues(random, 300)).ToArray();
        var expected = inputs.Select(x =>
        {
            var y = new float[700];
            SparseMatVec.Multiply(x, w, 0.4f, [], y);
            return y;
        }).ToArray();

        Parallel.For(0, 64, i =>
        {
            var y = new float[700];
            SparseMatVec.Multiply(inputs[i % 8], w, 0.4f, [], y);
            Assert.Equal(expected[i % 8], y);
        });
    }

    static void CheckAgainstDense(Random random, int n, int k, DType dtype, float threshold, bool withBias)
    {
        var w = RandomMatrix(random, n, k, dtype);
        Assert.Equal(n, w.Outputs);
        Assert.Equal(k, w.Inputs);
        var dense = w.ToWeightMatrix(); // the same (re-quantised) values, output-major F32
        var x = RandomValues(random, k);
        var bias = withBias ? RandomValues(random, n) : [];
        var masked = x.Select(v => MathF.Abs(v) > threshold ? v : 0f).ToArray();

        var want = new float[n];
        MatMul.Multiply(masked, dense, bias, want, 1);
        var got = new float[n];
        got.AsSpan().Fill(float.NaN); // every output must be written
        SparseMatVec.Multiply(x, w, threshold, bias, got);

        var values = dense.ToArray();
        for (int r = 0; r < n; r++)
        {
            double scale = withBias ? Math.Abs(bias[r]) : 0;
            for (int c = 0; c < k; c++)
                scale += Math.Abs(masked[c] * values[(long)r * k + c]);
            double error = Math.Abs(got[r] - want[r]);
            Assert.True(error <= 1e-5 * scale + 1e-30,
                $"[{n}, {k}] {dtype} threshold {threshold}: y[{r}] = {got[r]}, dense {want[r]}");
        }
    }

    /// <summary>A random [n, k] matrix, input-major as <paramref name="dtype"/>.</summary>
    static InputMajorMatrix RandomMatrix(Random random, int n, int k, DType dtype) =>
        InputMajorMatrix.FromWeights(WeightMatrix.FromArray("w", RandomValues(random, n * k), n, k), dtype);

    internal static float[] RandomValues(Random random, int count)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
            values[i] = random.NextSingle() * 2 - 1;
        return values;
    }
}

/// <summary>Readers of one input stacked into one input-major copy.</summary>
public class StackedInputMajorTests
{
    [Theory]
    [InlineData(DType.F32, DType.F32)]
    [InlineData(DType.Q8_0, DType.Q8_0)]
    public void StackedOutputsAreEachPartsProduct(DType source, DType stored)
    {
        var random = new Random(31);
        int k = 96;
        int[] rows = [64, 32, 32]; // like q, k and v under grouped-query attention
        var parts = rows.Select((n, i) => WeightMatrix.FromArray($"w{i}",
            Enumerable.Range(0, n * k).Select(_ => random.NextSingle() * 2 - 1).ToArray(), n, k, source)).ToArray();
        var stacked = InputMajorMatrix.Stacked("qkv", parts, stored);
        Assert.Equal(rows.Sum(), stacked.Outputs);
        Assert.Equal(k, stacked.Inputs);

        var x = Enumerable.Range(0, k).Select(_ => random.NextSingle() * 2 - 1).ToArray();
        var got = new float[stacked.Outputs];
        SparseMatVec.Multiply(x, stacked, 0.4f, [], got);
        var masked = x.Select(v => MathF.Abs(v) > 0.4f ? v : 0).ToArray();
        int offset = 0;
        foreach (var part in parts)
        {
            var want = new float[part.Rows];
            MatMul.Multiply(masked, part, [], want, 1);
            float tolerance = stored == DType.F32 ? 1e-4f : 0.02f * want.Max(MathF.Abs); // Q8_0 re-rounding
            for (int i = 0; i < part.Rows; i++)
                Assert.Equal(want[i], got[offset + i], tolerance);
            offset += part.Rows;
        }
    }

    [Fact]
    public void PartsMustShareTheirInputWidth()
    {
        var a = WeightMatrix.FromArray("a", new float[32 * 8], 32, 8);
        var b = WeightMatrix.FromArray("b", new float[32 * 9], 32, 9);
        var e = Assert.Throws<ArgumentException>(() => InputMajorMatrix.Stacked("ab", [a, b], DType.F32));
        Assert.Contains("b reads 9 inputs", e.Message);
        Assert.Throws<ArgumentException>(() => InputMajorMatrix.Stacked("none", [], DType.F32));
    }
}
