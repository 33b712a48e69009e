using Vane.Steering;

namespace Vane.Tests.Steering.Transport;

public class TransportEditTests
{
    // unit 0: z -> 2z + 3 on [0, 4]; unit 1: z -> z + 10 on [-1, 1]
    static readonly SiteTransport Map = new("blocks.0.hook_resid_post",
        Beta: [2, 1], Alpha: [3, 10], RangeMin: [0, -1], RangeMax: [4, 1]);

    [Fact]
    public void FullStrengthAppliesTheMapInsideTheRange()
    {
        float[] row = [1, 0.5f];
        TransportEdit.Apply(row, Map, 1f);
        Assert.Equal([5f, 10.5f], row);
    }

    [Fact]
    public void HalfStrengthInterpolates()
    {
        float[] row = [1, 0];
        TransportEdit.Apply(row, Map, 0.5f);
        // 0.5 (2 + 3) + 0.5 * 1 = 3; 0.5 * 10 + 0 = 5
        Assert.Equal([3f, 5f], row);
    }

    [Fact]
    public void UnitsOutsideTheSourceRangeAreUntouched()
    {
        float[] row = [4.5f, -1.01f];
        TransportEdit.Apply(row, Map, 1f);
        Assert.Equal([4.5f, -1.01f], row);
    }

    [Fact]
    public void RangeEndsAreInside()
    {
        float[] row = [4, -1];
        TransportEdit.Apply(row, Map, 1f);
        Assert.Equal([11f, 9f], row);
    }

    [Fact]
    public void LambdaZeroLeavesTheRowBitIdentical()
    {
        float[] row = [0.1f, 0.7f];
        float[] before = [.. row];
        TransportEdit.Apply(row, Map, 0f);
        Assert.Equal(before, row);
    }
}
