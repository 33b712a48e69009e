using Vane.Steering;

namespace Vane.Tests.Steering.Dynamic;

public class DacStrengthTests
{
    [Fact]
    public void EqualDistributionsHaveZeroDivergence()
    {
        float[] logits = [1f, 2f, 0.5f, -3f];
        Assert.Equal(0, DacStrength.RestrictedKl(logits, logits, 0.95f), 12);
    }

    [Fact]
    public void DivergenceIsTakenOnTheUnionOfBothNuclei()
    {
        // P puts nearly all mass on token 0, Q on token 1; token 2 is in neither nucleus
        float[] p = [10f, 0f, 5f];
        float[] q = [0f, 10f, 5f];
        double kl = DacStrength.RestrictedKl(p, q, 0.95f);
        // on {0, 1}: P = (s, 1-s), Q = (1-s, s) with s = sigmoid(10)
        double s = 1 / (1 + Math.Exp(-10));
        double expected = s * Math.Log(s / (1 - s)) + (1 - s) * Math.Log((1 - s) / s);
        Assert.Equal(expected, kl, 1e-4);
    }

    [Fact]
    public void StrengthIsClippedToZeroToMax()
    {
        Assert.Equal(2f, DacStrength.Clip(7.5, 2f));
        Assert.Equal(0.3f, DacStrength.Clip(0.3, 2f));
        Assert.Equal(0f, DacStrength.Clip(-1, 2f));
    }

    [Fact]
    public void RowsOfDifferentLengthAreAnError() =>
        Assert.Throws<ArgumentException>(() => DacStrength.RestrictedKl([1f, 2f], [1f], 0.9f));
}
