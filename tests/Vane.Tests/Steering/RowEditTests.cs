using Vane.Steering;

namespace Vane.Tests.Steering;

public class RowEditTests
{
    static float[] Random(int n, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
    }

    static float Dot(float[] a, float[] b) => a.Zip(b, (x, y) => x * y).Sum();

    static float[] Edit(float[] h, float[] v, SteeringMode mode, float c, float[]? mu = null)
    {
        var r = (float[])h.Clone();
        RowEdit.Apply(r, v, mode, c, mu);
        return r;
    }

    [Fact]
    public void AblationRemovesTheComponentAndAblateThenAddSetsItToCTimesNorm()
    {
        float[] h = Random(17, 1), v = Random(17, 2);
        float norm = MathF.Sqrt(Dot(v, v));
        Assert.Equal(0, Dot(Edit(h, v, SteeringMode.Ablate, 5f), v) / norm, 5);
        Assert.Equal(2.5f * norm, Dot(Edit(h, v, SteeringMode.AblateThenAdd, 2.5f), v) / norm, 4);
    }

    [Fact]
    public void AffineReducesToAblationAndToAddition()
    {
        float[] h = Random(33, 3), v = Random(33, 4), zero = new float[33];
        Assert.Equal(Edit(h, v, SteeringMode.Ablate, 0), Edit(h, v, SteeringMode.Affine, 0, zero));
        // with mu's component equal to h's, projection and restoration cancel: plain addition
        var affine = Edit(h, v, SteeringMode.Affine, 1.5f, h);
        var add = Edit(h, v, SteeringMode.Add, 1.5f);
        for (int j = 0; j < h.Length; j++)
            Assert.Equal(add[j], affine[j], 4);
    }

    [Fact]
    public void NormPreservingAddKeepsTheNormAndMovesTowardV()
    {
        float[] h = Random(64, 5), v = Random(64, 6);
        var r = Edit(h, v, SteeringMode.NormPreservingAdd, 3f);
        Assert.Equal(MathF.Sqrt(Dot(h, h)), MathF.Sqrt(Dot(r, r)), 4);
        Assert.True(Dot(r, v) > Dot(h, v));
    }

    [Theory]
    [InlineData(SteeringMode.Add)]
    [InlineData(SteeringMode.NormPreservingAdd)]
    [InlineData(SteeringMode.Ablate)]
    [InlineData(SteeringMode.AblateThenAdd)]
    [InlineData(SteeringMode.Affine)]
    public void AZeroDirectionChangesNothing(SteeringMode mode)
    {
        float[] h = Random(8, 7);
        Assert.Equal(h, Edit(h, new float[8], mode, 4f, Random(8, 8)));
    }
}
