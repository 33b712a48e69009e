using Vane.Kernels;

namespace Vane.Tests.Kernels;

/// <summary>RmsNorm against a double-precision reference; tolerance 1e-5 relative to |weight|.</summary>
public class RmsNormTests
{
    public static TheoryData<int, int> Shapes() => new() { { 0, 4 }, { 1, 1 }, { 3, 15 }, { 2, 17 }, { 4, 896 } };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MatchesTheFormula(int rows, int d)
    {
        var random = new Random(d);
        var x = Values(random, rows * d);
        var weight = Values(random, d);
        var y = new float[rows * d];

        RmsNorm.Apply(x, weight, 1e-6f, y, rows);

        for (int r = 0; r < rows; r++)
        {
            double meanSquare = 0;
            for (int i = 0; i < d; i++)
                meanSquare += (double)x[r * d + i] * x[r * d + i] / d;
            double scale = 1 / Math.Sqrt(meanSquare + 1e-6);
            for (int i = 0; i < d; i++)
            {
                double want = x[r * d + i] * scale * weight[i];
                double tolerance = 1e-5 * Math.Abs(weight[i]) * (1 + Math.Abs(x[r * d + i] * scale));
                Assert.True(Math.Abs(y[r * d + i] - want) <= tolerance, $"y[{r},{i}]: got {y[r * d + i]}, want {want}");
            }
        }
    }

    [Fact]
    public void MayNormaliseInPlace()
    {
        var x = Values(new Random(1), 2 * 33);
        var weight = Values(new Random(2), 33);
        var expected = new float[x.Length];
        RmsNorm.Apply(x, weight, 1e-5f, expected, 2);
        RmsNorm.Apply(x, weight, 1e-5f, x, 2);
        Assert.Equal(expected, x);
    }

    [Fact]
    public void BadArgumentsThrow()
    {
        Assert.Throws<ArgumentOutOfRangeException>(
            () => RmsNorm.Apply(new float[4], new float[2], 1e-5f, new float[4], -1));
        Assert.Equal("x", Assert.Throws<ArgumentException>(
            () => RmsNorm.Apply(new float[3], new float[2], 1e-5f, new float[4], 2)).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(
            () => RmsNorm.Apply(new float[4], new float[2], 1e-5f, new float[3], 2)).ParamName);
    }

    internal static float[] Values(Random random, int n)
    {
        var values = new float[n];
        for (int i = 0; i < n; i++)
            values[i] = random.NextSingle() * 4 - 2;
        return values;
    }
}
