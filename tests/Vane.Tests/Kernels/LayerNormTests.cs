using Vane.Kernels;

namespace Vane.Tests.Kernels;

/// <summary>LayerNorm against a double-precision reference; tolerance 1e-5 relative to the terms.</summary>
public class LayerNormTests
{
    public static TheoryData<int, int> Shapes() => new() { { 0, 4 }, { 1, 1 }, { 3, 15 }, { 2, 17 }, { 4, 768 } };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MatchesTheFormula(int rows, int d)
    {
        var random = new Random(d);
        var x = RmsNormTests.Values(random, rows * d);
        var weight = RmsNormTests.Values(random, d);
        var bias = RmsNormTests.Values(random, d);
        var y = new float[rows * d];

        LayerNorm.Apply(x, weight, bias, 1e-5f, y, rows);

        for (int r = 0; r < rows; r++)
        {
            var row = x.AsSpan(r * d, d).ToArray().Select(v => (double)v).ToArray();
            double mean = row.Average();
            double variance = row.Select(v => (v - mean) * (v - mean)).Average();
            for (int i = 0; i < d; i++)
            {
                double normalised = (row[i] - mean) / Math.Sqrt(variance + 1e-5);
                double want = normalised * weight[i] + bias[i];
                double tolerance = 1e-5 * (Math.Abs(normalised * weight[i]) + Math.Abs(bias[i]) + 1);
                Assert.True(Math.Abs(y[r * d + i] - want) <= tolerance, $"y[{r},{i}]: got {y[r * d + i]}, want {want}");
            }
        }
    }

    [Fact]
    public void BadArgumentsThrow()
    {
        Assert.Equal("bias", Assert.Throws<ArgumentException>(
            () => LayerNorm.Apply(new float[4], new float[2], new float[3], 1e-5f, new float[4], 2)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(
            () => LayerNorm.Apply(new float[4], new float[2], new float[2], 1e-5f, new float[4], -1));
        Assert.Equal("x", Assert.Throws<ArgumentException>(
            () => LayerNorm.Apply(new float[3], new float[2], new float[2], 1e-5f, new float[4], 2)).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(
            () => LayerNorm.Apply(new float[4], new float[2], new float[2], 1e-5f, new float[3], 2)).ParamName);
    }
}
