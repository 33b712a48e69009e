using Vane.Kernels;

namespace Vane.Tests.Kernels;

/// <summary>
/// Activations against double-precision formulas. Tolerance: 2e-6 relative to |x| (|y| &lt;= |x|
/// for these gates), plus 1e-7 absolute where the output underflows towards zero.
/// </summary>
public class ActivationsTests
{
    // 0, 1, width - 1 and 2 * width + 1 for 4-, 8- and 16-lane loops, and a long run.
    public static TheoryData<int> Lengths() => [0, 1, 3, 7, 9, 15, 16, 17, 31, 33, 63, 65, 129, 5000];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void SwiGluMatchesTheFormula(int n)
    {
        var gate = Values(n, 1);
        var up = Values(n, 2);
        var y = new float[n + 1];
        y[^1] = 42;

        Activations.SwiGlu(gate, up, y);

        for (int i = 0; i < n; i++)
        {
            double g = gate[i], want = g / (1 + Math.Exp(-g)) * up[i];
            AssertClose(want, y[i], Math.Abs(g * up[i]), $"swiglu({g}, {up[i]})");
        }
        Assert.Equal(42, y[^1]);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void GeluTanhMatchesTheFormula(int n)
    {
        var x = Values(n, 3);
        var y = new float[n + 1];
        y[^1] = 42;

        Activations.GeluTanh(x, y);

        for (int i = 0; i < n; i++)
        {
            double v = x[i];
            double want = 0.5 * v * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));
            AssertClose(want, y[i], Math.Abs(v), $"gelu({v})");
        }
        Assert.Equal(42, y[^1]);
    }

    [Fact]
    public void ActivationsMayWriteOverTheirInput()
    {
        var gate = Values(37, 4);
        var up = Values(37, 5);
        var expected = new float[37];
        Activations.SwiGlu(gate, up, expected);
        Activations.SwiGlu(gate, up, gate);
        Assert.Equal(expected, gate);

        var x = Values(37, 6);
        Activations.GeluTanh(x, expected);
        Activations.GeluTanh(x, x);
        Assert.Equal(expected, x);
    }

    [Fact]
    public void ExtremeInputsSaturate()
    {
        float[] x = [float.PositiveInfinity, 1e30f, 1e20f, -1e20f, 100f, -100f];
        var y = new float[x.Length];
        Activations.GeluTanh(x, y);
        Assert.Equal([float.PositiveInfinity, 1e30f, 1e20f, 0f, 100f, 0f], y);

        Activations.SwiGlu(x, [1, 1, 1, 1, 1, 1], y);
        Assert.Equal([float.PositiveInfinity, 1e30f, 1e20f, 0f, 100f, 0f], y);
    }

    [Fact]
    public void SoftmaxSumsToOne()
    {
        float[] x = [1000, 1001, 1002];
        Activations.SoftmaxInPlace(x);
        Assert.Equal(1.0, x.Sum(), 1e-6);
        Assert.True(x[2] > x[1] && x[1] > x[0]);
        Activations.SoftmaxInPlace([]);
    }

    [Fact]
    public void MismatchedLengthsThrow()
    {
        Assert.Throws<ArgumentException>(() => Activations.SwiGlu(new float[3], new float[2], new float[3]));
        Assert.Throws<ArgumentException>(() => Activations.SwiGlu(new float[3], new float[3], new float[2]));
        Assert.Throws<ArgumentException>(() => Activations.GeluTanh(new float[3], new float[2]));
    }

    static float[] Values(int n, int seed)
    {
        var random = new Random(seed);
        var values = new float[n];
        for (int i = 0; i < n; i++)
            values[i] = (random.NextSingle() - 0.5f) * 24; // [-12, 12): both tails and the middle
        return values;
    }

    static void AssertClose(double want, float got, double scale, string what) =>
        Assert.True(Math.Abs(got - want) <= 2e-6 * scale + 1e-7, $"{what}: got {got}, want {want}");
}
