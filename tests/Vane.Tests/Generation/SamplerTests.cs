using Vane.Generation;

namespace Vane.Tests.Generation;

public class SamplerTests
{
    [Fact]
    public void GreedyPicksTheLargestLogit() =>
        Assert.Equal(2, new Sampler(SamplingOptions.Greedy).Sample([0.1f, -3f, 5f, 4.9f]));

    [Fact]
    public void TopKOneIsGreedyAtAnyTemperature()
    {
        var s = new Sampler(new SamplingOptions { Temperature = 5f, TopK = 1, Seed = 1 });
        for (int i = 0; i < 20; i++)
            Assert.Equal(3, s.Sample([0f, 1f, 2f, 3f, 2.5f]));
    }

    [Fact]
    public void TopPKeepsOnlyTheNucleus()
    {
        // probabilities ~ [0.64, 0.24, 0.09, 0.03]: top-p 0.7 keeps the first two only
        var s = new Sampler(new SamplingOptions { Temperature = 1f, TopP = 0.7f, Seed = 3 });
        float[] logits = [3f, 2f, 1f, 0f];
        var seen = Enumerable.Range(0, 300).Select(_ => s.Sample(logits)).ToHashSet();
        Assert.Equal(new HashSet<int> { 0, 1 }, seen);
    }

    [Fact]
    public void SamplingFollowsTheDistribution()
    {
        var s = new Sampler(new SamplingOptions { Temperature = 1f, Seed = 11 });
        float[] logits = [MathF.Log(0.75f), MathF.Log(0.25f)];
        int zeros = Enumerable.Range(0, 4000).Count(_ => s.Sample(logits) == 0);
        Assert.InRange(zeros / 4000.0, 0.72, 0.78);
    }

    [Theory]
    [InlineData(-1f, 0, 1f)]
    [InlineData(float.NaN, 0, 1f)]
    [InlineData(1f, -1, 1f)]
    [InlineData(1f, 0, 0f)]
    [InlineData(1f, 0, 1.5f)]
    public void BadSettingsAreRejected(float temperature, int topK, float topP) =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new Sampler(new SamplingOptions { Temperature = temperature, TopK = topK, TopP = topP }));
}
