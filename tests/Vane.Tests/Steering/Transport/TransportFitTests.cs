using Vane.Steering;

namespace Vane.Tests.Steering.Transport;

public class TransportFitTests
{
    [Fact]
    public void FitsEachColumnAndKeepsTheSourceRange()
    {
        // 3 texts [3, 2]: unit 0 maps by y = 2x + 3, unit 1 by y = x - 1
        float[] source = [0, 5, 1, 7, 2, 6];
        float[] target = [3, 4, 5, 6, 7, 5];

        var map = TransportFit.Fit("blocks.0.hook_resid_post", source, target, 2, TransportMethod.Linear);

        Assert.Equal([2f, 1f], map.Beta);
        Assert.Equal(3f, map.Alpha[0], 1e-5f);
        Assert.Equal(-1f, map.Alpha[1], 1e-5f);
        Assert.Equal([0f, 5f], map.RangeMin);
        Assert.Equal([2f, 7f], map.RangeMax);
    }

    [Fact]
    public void UnequalTextCountsThrow()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            TransportFit.Fit("s", new float[6], new float[4], 2, TransportMethod.Linear));
        Assert.Contains("3 and 2", e.Message);
    }

    [Fact]
    public void NonFiniteActivationsThrow()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            TransportFit.Fit("s", [1, float.NaN], [1, 2], 1, TransportMethod.Linear));
        Assert.Contains("source value 1 is NaN", e.Message);
    }
}
