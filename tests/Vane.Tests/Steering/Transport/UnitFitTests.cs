using Vane.Steering;

namespace Vane.Tests.Steering.Transport;

public class UnitFitTests
{
    static readonly float[] X = [0.5f, -1f, 3f, 2f, 0f, -2.5f, 1.25f];

    [Fact]
    public void QuantileMatchingRecoversAnAffineMap()
    {
        // the target is y = 2x + 3 of the same samples, shuffled: sorting pairs them back
        float[] y = X.Select(x => 2 * x + 3).Reverse().ToArray();

        var (beta, alpha) = UnitFit.Fit(X, y, TransportMethod.Linear);

        Assert.Equal(2f, beta, 1e-5f);
        Assert.Equal(3f, alpha, 1e-5f);
    }

    [Fact]
    public void MeanShiftKeepsSlopeOne()
    {
        float[] x = [1, 2, 3, 6];    // mean 3
        float[] y = [10, 0, 4, 14];  // mean 7

        var (beta, alpha) = UnitFit.Fit(x, y, TransportMethod.Mean);

        Assert.Equal(1f, beta);
        Assert.Equal(4f, alpha, 1e-6f);
    }

    [Fact]
    public void GaussianMatchesMeanAndSpread()
    {
        float[] x = [1, 3];   // mean 2, sigma 1
        float[] y = [4, 10];  // mean 7, sigma 3

        var (beta, alpha) = UnitFit.Fit(x, y, TransportMethod.Gaussian);

        // (sigma_dst / sigma_src)(z - mu_src) + mu_dst = 3 (z - 2) + 7
        Assert.Equal(3f, beta, 1e-6f);
        Assert.Equal(1f, alpha, 1e-6f);
    }

    [Fact]
    public void ConstantSourceFallsBackToMeanShift()
    {
        var (beta, alpha) = UnitFit.Fit([2f, 2f, 2f], [1f, 2f, 6f], TransportMethod.Linear);

        Assert.Equal(1f, beta);
        Assert.Equal(1f, alpha, 1e-6f);
    }

    [Fact]
    public void UnequalCountsThrow()
    {
        var e = Assert.Throws<ArgumentException>(() => UnitFit.Fit([1f, 2f], [1f], TransportMethod.Linear));
        Assert.Contains("source 2, target 1", e.Message);
    }
}
