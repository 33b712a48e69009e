using Vane.Kernels;

namespace Vane.Tests.Kernels;

/// <summary>Rope against the rotate-half formula, computed in double; tolerance 1e-6 absolute.</summary>
public class RopeTests
{
    [Theory]
    [InlineData(1, 2)]
    [InlineData(3, 8)]
    [InlineData(2, 64)]
    [InlineData(0, 4)]
    public void RotatesHalvesOfEachHead(int nHeads, int dHead)
    {
        int half = dHead / 2;
        var random = new Random(dHead);
        var x = RmsNormTests.Values(random, nHeads * dHead);
        var original = x.ToArray();
        var angle = Enumerable.Range(0, half).Select(i => 5.0 * Math.Pow(10000, -2.0 * i / dHead)).ToArray();
        var cos = angle.Select(a => (float)Math.Cos(a)).ToArray();
        var sin = angle.Select(a => (float)Math.Sin(a)).ToArray();

        Rope.Apply(x, nHeads, dHead, cos, sin);

        for (int h = 0; h < nHeads; h++)
        {
            for (int i = 0; i < half; i++)
            {
                double a = original[h * dHead + i], b = original[h * dHead + i + half];
                Assert.Equal(a * cos[i] - b * sin[i], x[h * dHead + i], 1e-6);
                Assert.Equal(b * cos[i] + a * sin[i], x[h * dHead + i + half], 1e-6);
            }
        }
    }

    [Fact]
    public void BadArgumentsThrow()
    {
        Assert.Throws<ArgumentException>(() => Rope.Apply(new float[6], 2, 3, new float[2], new float[2]));
        Assert.Throws<ArgumentException>(() => Rope.Apply(new float[6], 2, 0, new float[2], new float[2]));
        Assert.Throws<ArgumentException>(() => Rope.Apply(new float[6], -1, 2, new float[2], new float[2]));
        Assert.Equal("x", Assert.Throws<ArgumentException>(
            () => Rope.Apply(new float[7], 2, 4, new float[2], new float[2])).ParamName);
        Assert.Throws<ArgumentException>(() => Rope.Apply(new float[8], 2, 4, new float[1], new float[2]));
        Assert.Throws<ArgumentException>(() => Rope.Apply(new float[8], 2, 4, new float[2], new float[1]));
    }
}
