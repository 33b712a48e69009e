using Vane.Sparsity;

namespace Vane.Tests.Sparsity;

public class GreedyAllocationTests
{
    static double[] Curve(double slope) =>
        Enumerable.Range(0, Calibration.CurvePoints)
            .Select(g => slope * Math.Pow(g * Calibration.CurveStep, 2)).ToArray();

    [Fact]
    public void ReachesTheTargetAndFavoursCheapInputs()
    {
        var curves = new[] { Curve(1), Curve(10), Curve(1), Curve(1) };
        long[] sizes = [100, 100, 100, 100];
        var s = GreedyAllocation.Allocate(curves, sizes, 0.5);
        double effective = s.Zip(sizes, (a, b) => a * b).Sum() / sizes.Sum();
        Assert.InRange(effective, 0.5, 0.51);
        Assert.True(s[1] < s[0], $"the costly input got {s[1]}, a cheap one {s[0]}");
    }

    [Fact]
    public void ZeroTargetLeavesEverythingDense() =>
        Assert.All(GreedyAllocation.Allocate([Curve(1), Curve(1), Curve(1), Curve(1)], [1, 1, 1, 1], 0),
            v => Assert.Equal(0, v));
}
