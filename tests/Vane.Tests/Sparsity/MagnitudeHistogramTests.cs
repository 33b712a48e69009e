using Vane.Sparsity;

namespace Vane.Tests.Sparsity;

public class MagnitudeHistogramTests
{
    [Theory]
    [InlineData(0)]   // normal
    [InlineData(1)]   // heavy-tailed (Laplace-like)
    [InlineData(2)]   // with many exact zeros
    public void QuantilesMatchAnExactSortWithinHalfAPoint(int kind)
    {
        var rng = new Random(7 + kind);
        var values = new float[20000];
        for (int i = 0; i < values.Length; i++)
        {
            double u = rng.NextDouble(), g = Math.Sqrt(-2 * Math.Log(1 - u)) * Math.Cos(2 * Math.PI * rng.NextDouble());
            values[i] = kind switch
            {
                0 => (float)g,
                1 => (float)(Math.Log(1 - u) * (rng.Next(2) * 2 - 1)),
                _ => i % 5 == 0 ? 0 : (float)g * 3,
            };
        }
        var h = new MagnitudeHistogram();
        h.Add(values);
        var sorted = values.Select(MathF.Abs).OrderBy(v => v).ToArray();
        foreach (double s in new[] { 0.1, 0.25, 0.4, 0.5, 0.65, 0.9 })
        {
            float t = h.Quantile(s);
            double below = sorted.Count(v => v < t) / (double)sorted.Length;
            double atOrBelow = sorted.Count(v => v <= t) / (double)sorted.Length;
            // t is an s-quantile up to half a point (ties at zero make the share below jump)
            Assert.True(below <= s + 0.005 && atOrBelow >= s - 0.005,
                $"s={s}: threshold {t} leaves {below:F4} below, exact {sorted[(int)(s * sorted.Length)]}");
        }
    }

    [Fact]
    public void ShareBelowMatchesAnExactCountAndInvertsTheQuantile()
    {
        var rng = new Random(11);
        var values = Enumerable.Range(0, 20000)
            .Select(i => i % 7 == 0 ? 0f : (float)(Math.Exp(4 * rng.NextDouble() - 3) * (rng.Next(2) * 2 - 1)))
            .ToArray();
        var h = new MagnitudeHistogram();
        h.Add(values);
        foreach (float t in new[] { 0.06f, 0.2f, 1f, 3.5f, 100f })
        {
            double exact = values.Count(v => MathF.Abs(v) < t) / (double)values.Length;
            Assert.True(Math.Abs(h.ShareBelow(t) - exact) < 0.005, $"t={t}: {h.ShareBelow(t):F4}, exact {exact:F4}");
        }
        foreach (double s in new[] { 0.25, 0.5, 0.65 })
            Assert.Equal(s, h.ShareBelow(h.Quantile(s)), 4);
        Assert.Equal(0, h.ShareBelow(0));
        Assert.Equal(0, new MagnitudeHistogram().ShareBelow(1));
    }

    [Fact]
    public void ZeroSparsityGivesAThresholdThatZeroesNothing()
    {
        var h = new MagnitudeHistogram();
        h.Add([0f, 1f, 2f]);
        Assert.Equal(0f, h.Quantile(0));
    }

    [Fact]
    public void EmptyHistogramIsAnError() =>
        Assert.Throws<InvalidOperationException>(() => new MagnitudeHistogram().Quantile(0.5));
}
