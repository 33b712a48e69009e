using Vane.Kernels;

namespace Vane.Tests.Kernels;

/// <summary>The vectorised active-channel finder against a plain loop, on awkward lengths.</summary>
public class SparseChannelsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(33)]
    [InlineData(1000)]
    public void MatchesScalarLoop(int length)
    {
        var random = new Random(length);
        var x = SparseMatVecTests.RandomValues(random, length);
        if (length > 3)
        {
            x[1] = 0.5f;  // exactly at the threshold: inactive
            x[2] = -0.5f;
            x[3] = float.NaN;
        }
        foreach (float threshold in new[] { 0f, 0.5f, 2f })
        {
            var want = Enumerable.Range(0, length).Where(i => MathF.Abs(x[i]) > threshold).ToArray();
            var active = new int[length];
            int count = SparseChannels.Find(x, threshold, active);
            Assert.Equal(want, active[..count]);
        }
    }

    [Fact]
    public void ZeroThresholdSkipsExactZeros()
    {
        float[] x = [0, 1, -0f, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3];
        var active = new int[x.Length];
        int count = SparseChannels.Find(x, 0f, active);
        Assert.Equal([1, 4, 17], active[..count]);
    }
}
