using Vane.Sparsity;

namespace Vane.Tests.Sparsity;

public class CalibrationTextTests
{
    static IReadOnlyList<int>[] Texts(params int[] lengths) =>
        lengths.Select((n, t) => (IReadOnlyList<int>)Enumerable.Range(0, n).Select(i => t * 1_000_000 + i).ToArray())
            .ToArray();

    [Fact]
    public void LongTextsGiveEqualSharesOfWholeWindows()
    {
        var take = CalibrationText.Shares([100_000, 50_000, 30_000], maxTokens: 3000, window: 256);
        Assert.Equal([1024, 1024, 768], take.Order().Reverse());
        Assert.All(take, t => Assert.Equal(0, t % 256));
        Assert.InRange(take.Sum(), 3000 - 3 * 256, 3000);
    }

    [Fact]
    public void ShortTextsGiveAllTheyHaveAndTheRestMakeUpTheTotal()
    {
        var take = CalibrationText.Shares([500, 100_000, 100_000], maxTokens: 9000, window: 100);
        Assert.Equal(500, take[0]);
        Assert.Equal(9000, take.Sum());
        Assert.Equal(8500, take[1] + take[2]);
        Assert.All(take[1..], t => Assert.Equal(0, t % 100));
    }

    [Fact]
    public void SkippedTokensAreNeverTakenAndTheOrderIsKept()
    {
        var texts = Texts(5000, 3000);
        int[] mixed = CalibrationText.Mix(texts, maxTokens: 4000, skip: 1000, window: 64);

        int[] first = mixed.Where(id => id < 1_000_000).ToArray();
        int[] second = mixed.Where(id => id >= 1_000_000).Select(id => id - 1_000_000).ToArray();
        Assert.Equal(Enumerable.Range(1000, first.Length), first);
        Assert.Equal(Enumerable.Range(1000, second.Length), second);
        Assert.Equal(first.Length + second.Length, mixed.Length);
        Assert.True(mixed.TakeWhile(id => id < 1_000_000).Count() == first.Length, "texts follow each other");
        Assert.InRange(first.Length, 1900, 2100);
    }

    [Fact]
    public void FewerTokensThanWantedTakesEverythingAfterTheSkip()
    {
        int[] mixed = CalibrationText.Mix(Texts(300, 200), maxTokens: 10_000, skip: 50);
        Assert.Equal(250 + 150, mixed.Length);
    }

    [Fact]
    public void NothingLeftAfterSkippingIsAClearError()
    {
        var e = Assert.Throws<ArgumentException>(() => CalibrationText.Mix(Texts(100, 80), 1000, skip: 100));
        Assert.Contains("100", e.Message);
        Assert.Throws<ArgumentException>(() => CalibrationText.Mix([], 1000));
    }
}
