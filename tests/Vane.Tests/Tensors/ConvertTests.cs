using Vane.Tensors;
using Convert = Vane.Tensors.Convert;

namespace Vane.Tests.Tensors;

/// <summary>The span conversions against their one-value scalar definitions.</summary>
public class ConvertTests
{
    // 0, 1, width - 1 and 2 * width + 1 for 4-, 8-, 16- and 32-lane loops.
    public static TheoryData<int> Lengths() => [0, 1, 3, 7, 9, 15, 16, 17, 31, 33, 63, 65, 129, 1000];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void BFloat16ToSingleShiftsIntoTheTopHalf(int length)
    {
        var random = new Random(length);
        var source = new ushort[length];
        for (int i = 0; i < length; i++)
            source[i] = (ushort)random.Next(65536);
        var destination = new float[length + 1];
        destination[^1] = 42;

        Convert.BFloat16ToSingle(source, destination);

        for (int i = 0; i < length; i++)
            Assert.Equal((uint)source[i] << 16, BitConverter.SingleToUInt32Bits(destination[i]));
        Assert.Equal(42, destination[^1]);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void SingleToBFloat16MatchesTheScalarRounding(int length)
    {
        var source = SpecialAndRandomValues(length);
        var destination = new ushort[length];

        Convert.SingleToBFloat16(source, destination);

        for (int i = 0; i < length; i++)
            Assert.Equal(Convert.SingleToBFloat16(source[i]), destination[i]);
    }

    [Fact]
    public void SingleToBFloat16RoundsHalfToEven()
    {
        Assert.Equal(0x3F80, Convert.SingleToBFloat16(BitConverter.UInt32BitsToSingle(0x3F808000))); // tie, even
        Assert.Equal(0x3F82, Convert.SingleToBFloat16(BitConverter.UInt32BitsToSingle(0x3F818000))); // tie, odd
        Assert.Equal(0x3F81, Convert.SingleToBFloat16(BitConverter.UInt32BitsToSingle(0x3F808001))); // above tie
        Assert.True(float.IsNaN(BitConverter.UInt32BitsToSingle(
            (uint)Convert.SingleToBFloat16(BitConverter.UInt32BitsToSingle(0x7F800001)) << 16)));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void SingleToHalfMatchesTheCast(int length)
    {
        var source = SpecialAndRandomValues(length);
        var destination = new Half[length];

        Convert.SingleToHalf(source, destination);

        for (int i = 0; i < length; i++)
            Assert.Equal((Half)source[i], destination[i]);
    }

    [Theory]
    [InlineData(DType.F32)]
    [InlineData(DType.F16)]
    [InlineData(DType.BF16)]
    public void FromSingleThenToSingleRoundTripsRepresentableValues(DType dtype)
    {
        float[] values = [0f, -0f, 1f, -2.5f, 0.125f, 1024f, float.PositiveInfinity, float.NegativeInfinity];
        var bytes = new byte[values.Length * dtype.Size()];
        var back = new float[values.Length];

        Convert.FromSingle(dtype, values, bytes);
        Convert.ToSingle(dtype, bytes, back);

        Assert.Equal(values, back);
    }

    [Fact]
    public void ShortDestinationsThrow()
    {
        Assert.Throws<ArgumentException>(() => Convert.BFloat16ToSingle(new ushort[3], new float[2]));
        Assert.Throws<ArgumentException>(() => Convert.SingleToBFloat16(new float[3], new ushort[2]));
        Assert.Throws<ArgumentException>(() => Convert.SingleToHalf(new float[3], new Half[2]));
        Assert.Throws<ArgumentException>(() => Convert.FromSingle(DType.F16, new float[3], new byte[5]));
        Assert.Throws<ArgumentException>(() => Convert.ToSingle(DType.F32, new byte[12], new float[2]));
        Assert.Throws<ArgumentException>(() => Convert.ToSingle(DType.F16, new byte[6], new float[2]));
        Assert.Throws<ArgumentException>(() => Convert.ToSingle(DType.BF16, new byte[6], new float[2]));
    }

    [Fact]
    public void UnknownDTypesThrow()
    {
        Assert.Throws<NotSupportedException>(() => Convert.ToSingle((DType)99, new byte[4], new float[4]));
        Assert.Throws<NotSupportedException>(() => Convert.FromSingle((DType)99, new float[1], new byte[4]));
    }

    static float[] SpecialAndRandomValues(int length)
    {
        float[] special = [0f, -0f, float.NaN, float.PositiveInfinity, float.NegativeInfinity,
            float.MaxValue, float.Epsilon, 65519f, 65520f, 1e-8f, -3.0000002f];
        var random = new Random(length);
        var values = new float[length];
        for (int i = 0; i < length; i++)
            values[i] = i % 3 == 0 ? special[i / 3 % special.Length] : (random.NextSingle() - 0.5f) * 1e4f;
        return values;
    }
}
