using Vane.Sparsity;

namespace Vane.Tests.Sparsity;

public class PlanRefinerSpreadTests
{
    [Fact]
    public void SpreadTakesWholeWindowsFromStartToEnd()
    {
        int[] tokens = Enumerable.Range(0, 10 * 256).ToArray(); // 10 windows, e.g. texts one after another
        int[] picked = PlanRefiner.Spread(tokens, 3 * 256, 256);

        Assert.Equal(3 * 256, picked.Length);
        // windows 0, 4 (or 5) and 9, each whole and in order
        Assert.Equal(Enumerable.Range(0, 256), picked[..256]);
        Assert.Equal(Enumerable.Range(9 * 256, 256), picked[512..]);
        int middle = picked[256];
        Assert.True(middle % 256 == 0 && middle / 256 is 4 or 5, $"middle window starts at {middle}");
        Assert.Equal(Enumerable.Range(middle, 256), picked[256..512]);
    }

    [Theory]
    [InlineData(1000, 5000)] // fewer tokens than asked
    [InlineData(600, 512)]   // two windows and a tail: asking for two takes everything
    public void SpreadKeepsEverythingWhenThereIsNoMoreThanAsked(int n, int count)
    {
        int[] tokens = Enumerable.Range(0, n).ToArray();
        Assert.Equal(tokens, PlanRefiner.Spread(tokens, count, 256));
    }

    [Fact]
    public void SpreadRefusesNonPositiveSizes()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PlanRefiner.Spread([1, 2], 0, 256));
        Assert.Throws<ArgumentOutOfRangeException>(() => PlanRefiner.Spread([1, 2], 10, 0));
    }
}
