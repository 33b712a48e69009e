using Vane.Steering;

namespace Vane.Tests.Steering;

public class ExtractionMathTests
{
    // n pairs in width d: p = base + s_i * axis + noise, q = base - s_i * axis + noise
    static (float[] P, float[] Q) Pairs(int n, int d, float[] axis, int seed)
    {
        var rng = new Random(seed);
        float[] p = new float[n * d], q = new float[n * d];
        for (int i = 0; i < n; i++)
        {
            float s = 1 + (float)rng.NextDouble();
            for (int j = 0; j < d; j++)
            {
                float b = (float)rng.NextDouble() * 4 - 2;
                p[i * d + j] = b + s * axis[j] + 0.05f * (float)rng.NextDouble();
                q[i * d + j] = b - s * axis[j] + 0.05f * (float)rng.NextDouble();
            }
        }
        return (p, q);
    }

    [Fact]
    public void TopComponentFindsTheDominantAxisWithItsVariance()
    {
        // rows along (3, 4)/5 with scale +-k, plus tiny orthogonal noise
        var rows = new List<float>();
        for (int k = -5; k <= 5; k++)
            rows.AddRange([0.6f * k + 0.001f * (k % 2), 0.8f * k - 0.00075f * (k % 2)]);
        var (dir, explained) = TopComponent.Compute(rows.ToArray(), 2);
        Assert.Equal(0.6, Math.Abs(dir[0]), 3);
        Assert.Equal(0.8, Math.Abs(dir[1]), 3);
        Assert.True(explained > 0.9999, $"explained {explained}");
    }

    [Theory]
    [InlineData(DirectionMethod.MeanDifference)]
    [InlineData(DirectionMethod.PcaDiff)]
    [InlineData(DirectionMethod.PcaCenter)]
    [InlineData(DirectionMethod.Logistic)]
    public void EveryMethodPointsFromNegativeToPositive(DirectionMethod method)
    {
        int d = 6;
        float[] axis = [0, 1, 0, 0, 0, 0];
        var (p, q) = Pairs(30, d, axis, 11);
        var (dir, explained, agreement) = PairDirection.Compute(method, p, q, d);
        Assert.Equal(1.0, agreement);
        Assert.True(dir[1] > 0.9 * Math.Sqrt(dir.Sum(x => x * x)), $"direction {string.Join(", ", dir)}");
        Assert.Equal(method is DirectionMethod.PcaDiff or DirectionMethod.PcaCenter, !double.IsNaN(explained));
    }

    [Fact]
    public void SignVoteFlipsSoPositivesProjectHigher()
    {
        float[] p = [1, 0, 2, 0, -1, 0], q = [0, 0, 0, 0, 0, 0];
        float[] dir = [-1, 0];
        double agreement = PairDirection.SignVote(dir, p, q, 2);
        Assert.Equal([1f, 0f], dir);
        Assert.Equal(2.0 / 3, agreement, 6);
    }

    [Fact]
    public void HoldOutEveryFifthPair()
    {
        var (train, held) = DirectionExtractor.Split(12, 5);
        Assert.Equal([4, 9], held);
        Assert.Equal(10, train.Length);
        Assert.Empty(DirectionExtractor.Split(4, 5).HeldOut);
    }

    [Theory]
    [InlineData("all", new[] { 0, 1, 2, 3, 4, 5 })]
    [InlineData("-1", new[] { 5 })]
    [InlineData("0,2..3,-2", new[] { 0, 2, 3, 4 })]
    [InlineData("-3..-1", new[] { 3, 4, 5 })]
    public void LayerSelectionsResolveAgainstNLayers(string text, int[] expected) =>
        Assert.Equal(expected, LayerSelection.Parse(text).Resolve(6));

    [Fact]
    public void LayerOutOfRangeNamesLayerAndRange()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => LayerSelection.Of(6).Resolve(6));
        Assert.Contains("layer 6", e.Message);
        Assert.Contains("0..5", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => LayerSelection.Of(-7).Resolve(6));
        Assert.Throws<FormatException>(() => LayerSelection.Parse("x"));
    }
}
