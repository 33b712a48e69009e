using System.Runtime.Intrinsics;
using Vane.Kernels;

namespace Vane.Tests.Kernels;

/// <summary>The in-register F16/BF16 widening against the scalar conversions, on every bit pattern.</summary>
public unsafe class RowFormatsTests
{
    [Fact]
    public void HalfWidensLikeTheScalarConversionForAllPatterns()
    {
        var bits = new ushort[65536];
        for (int i = 0; i < bits.Length; i++)
            bits[i] = (ushort)i;
        fixed (ushort* p = bits)
        {
            for (int i = 0; i < bits.Length; i += 16)
            {
                var wide = F16Format.Load512((byte*)p, i);
                var narrow = F16Format.Load256((byte*)p, i);
                for (int j = 0; j < 16; j++)
                {
                    float want = (float)BitConverter.UInt16BitsToHalf(bits[i + j]);
                    AssertSame(want, wide[j], bits[i + j]);
                    AssertSame(want, j < 8 ? narrow[j] : F16Format.Load256((byte*)p, i + 8)[j - 8], bits[i + j]);
                    AssertSame(want, F16Format.Load1((byte*)p, i + j), bits[i + j]);
                }
            }
        }
    }

    [Fact]
    public void BFloat16WidensToTheTopHalfForAllPatterns()
    {
        var bits = new ushort[65536];
        for (int i = 0; i < bits.Length; i++)
            bits[i] = (ushort)i;
        fixed (ushort* p = bits)
        {
            for (int i = 0; i < bits.Length; i += 16)
            {
                Vector512<float> wide = BF16Format.Load512((byte*)p, i);
                Vector256<float> narrow = BF16Format.Load256((byte*)p, i);
                for (int j = 0; j < 16; j++)
                {
                    uint want = (uint)bits[i + j] << 16;
                    Assert.Equal(want, BitConverter.SingleToUInt32Bits(wide[j]));
                    Assert.Equal(want, BitConverter.SingleToUInt32Bits(BF16Format.Load1((byte*)p, i + j)));
                    if (j < 8)
                        Assert.Equal(want, BitConverter.SingleToUInt32Bits(narrow[j]));
                }
            }
        }
    }

    static void AssertSame(float want, float got, ushort pattern)
    {
        if (float.IsNaN(want))
            Assert.True(float.IsNaN(got), $"0x{pattern:X4}: got {got}, want NaN");
        else
            Assert.True(BitConverter.SingleToUInt32Bits(want) == BitConverter.SingleToUInt32Bits(got),
                $"0x{pattern:X4}: got {got}, want {want}");
    }
}
