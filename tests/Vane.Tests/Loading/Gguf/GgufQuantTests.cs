using System.Buffers.Binary;
using Vane.Loading.Gguf;

namespace Vane.Tests.Loading.Gguf;

/// <summary>Block codecs: hand-built blocks decode to exact values; encode then decode stays within bounds.</summary>
public class GgufQuantTests
{
    static float[] Decode(GgmlType type, byte[] block)
    {
        var values = new float[type.BlockSize() * (block.Length / type.BlockBytes())];
        GgufQuant.Dequantize(type, block, values);
        return values;
    }

    static void PutHalf(byte[] b, int at, float v) => BinaryPrimitives.WriteHalfLittleEndian(b.AsSpan(at), (Half)v);

    [Fact]
    public void Q8_0BlockDecodesToCodeTimesScale()
    {
        var block = new byte[34];
        PutHalf(block, 0, 0.5f);
        sbyte[] q = [-3, 0, 5, 127, -128];
        for (int i = 0; i < q.Length; i++)
            block[2 + i] = (byte)q[i];
        var v = Decode(GgmlType.Q8_0, block);
        Assert.Equal([-1.5f, 0f, 2.5f, 63.5f, -64f], v[..5]);
        Assert.All(v[5..], x => Assert.Equal(0f, x));
    }

    [Fact]
    public void Q4_0BlockPutsLowNibblesInTheFirstHalf()
    {
        var block = new byte[18];
        PutHalf(block, 0, 2f);
        for (int j = 0; j < 16; j++)
            block[2 + j] = (byte)(j | ((15 - j) << 4));
        var v = Decode(GgmlType.Q4_0, block);
        for (int j = 0; j < 16; j++)
        {
            Assert.Equal((j - 8) * 2f, v[j]);
            Assert.Equal((15 - j - 8) * 2f, v[j + 16]);
        }
    }

    // Sub-block scales and mins, and their packing worked out by hand (high 2 bits of
    // entries 4..7 go to the top of bytes 0..7, low 4 bits to bytes 8..11).
    static readonly int[] K4Scales = [1, 2, 3, 4, 17, 33, 50, 63];
    static readonly int[] K4Mins = [0, 1, 2, 3, 20, 40, 63, 5];
    static readonly byte[] K4Packed = [65, 130, 195, 196, 64, 129, 194, 3, 65, 129, 242, 95];

    [Fact]
    public void Q4_KScalesUnpackAsGgmlPacksThem()
    {
        for (int j = 0; j < 8; j++)
            Assert.Equal((K4Scales[j], K4Mins[j]), BlockQ4_K.ScaleMin(j, K4Packed));
    }

    [Fact]
    public void Q4_KBlockDecodesSubBlocksWithTheirScaleAndMin()
    {
        var block = new byte[144];
        PutHalf(block, 0, 1f);
        PutHalf(block, 2, 0.5f);
        K4Packed.CopyTo(block, 4);
        for (int b = 0; b < 128; b++)
            block[16 + b] = (byte)((b & 0xF) | (((b * 7) & 0xF) << 4));
        var v = Decode(GgmlType.Q4_K, block);
        for (int j = 0; j < 8; j++)
            for (int l = 0; l < 32; l++)
            {
                int b = j / 2 * 32 + l;
                int q = j % 2 == 0 ? b & 0xF : (b * 7) & 0xF;
                Assert.Equal(K4Scales[j] * q - 0.5f * K4Mins[j], v[j * 32 + l]);
            }
    }

    [Fact]
    public void Q6_KBlockCombinesLowNibblesHighBitsAndScales()
    {
        var block = new byte[210];
        block[0] = 0x21;       // value 0 low 1, value 64 low 2
        block[37] = 0x4F;      // value 37 low 15, value 101 low 4
        block[128] = 0xE4;     // high bits: value 0 -> 0, 32 -> 1, 64 -> 2, 96 -> 3
        block[128 + 33] = 0x03; // value 129 high 3
        block[64 + 1] = 0x0A;  // value 129 low 10
        for (int g = 0; g < 16; g++)
            block[192 + g] = (byte)(sbyte)(g - 8);
        PutHalf(block, 208, 0.25f);
        var codes = new int[256];
        codes[0] = 1;
        codes[32] = 16;
        codes[64] = 34;
        codes[96] = 48;
        codes[37] = 15;
        codes[101] = 4;
        codes[129] = 58;
        var v = Decode(GgmlType.Q6_K, block);
        for (int i = 0; i < 256; i++)
            Assert.Equal(0.25f * (i / 16 - 8) * (codes[i] - 32), v[i]);
    }

    [Theory]
    [InlineData(GgmlType.F32, 0.0)]
    [InlineData(GgmlType.F16, 1e-3)]
    [InlineData(GgmlType.BF16, 8e-3)]
    [InlineData(GgmlType.Q8_0, 0.6 / 127)]
    [InlineData(GgmlType.Q4_0, 1.02 / 8)]
    [InlineData(GgmlType.Q4_K, 0.1)]
    [InlineData(GgmlType.Q6_K, 0.02)]
    public void RandomRowsSurviveEncodeThenDecode(GgmlType type, double maxError)
    {
        var x = GgufFixtures.Random(1024, 7);
        var bytes = new byte[type.RowBytes(x.Length)];
        GgufQuant.Quantize(type, x, bytes);
        var y = new float[x.Length];
        GgufQuant.Dequantize(type, bytes, y);
        double worst = 0, sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double err = Math.Abs(x[i] - y[i]);
            worst = Math.Max(worst, err);
            sum += err;
        }
        Assert.True(worst <= maxError, $"{type}: max error {worst}, expected <= {maxError}");
        Assert.True(sum / x.Length <= maxError / 2 + 1e-9, $"{type}: mean error {sum / x.Length}");
    }

    [Theory]
    [InlineData(GgmlType.Q8_0)]
    [InlineData(GgmlType.Q4_0)]
    [InlineData(GgmlType.Q4_K)]
    [InlineData(GgmlType.Q6_K)]
    public void ZerosEncodeToZeros(GgmlType type)
    {
        var x = new float[type.BlockSize()];
        var bytes = new byte[type.BlockBytes()];
        GgufQuant.Quantize(type, x, bytes);
        var y = new float[x.Length];
        GgufQuant.Dequantize(type, bytes, y);
        Assert.All(y, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Q8_0EncodesLikeGgml()
    {
        var x = new float[32];
        x[0] = -127f; // d = 1
        x[1] = 2.5f;  // halves round away from zero
        x[2] = -0.5f;
        x[3] = 0.49f;
        var block = new byte[34];
        GgufQuant.Quantize(GgmlType.Q8_0, x, block);
        Assert.Equal(1f, (float)BinaryPrimitives.ReadHalfLittleEndian(block));
        Assert.Equal(new sbyte[] { -127, 3, -1, 0 }, block[2..6].Select(b => (sbyte)b).ToArray());
    }

    [Fact]
    public void Q4_0MapsTheLargestMagnitudeExactly()
    {
        var x = new float[32];
        x[3] = -4f; // d = -4 / -8 = 0.5, exact in fp16
        x[4] = 1f;
        var bytes = new byte[18];
        GgufQuant.Quantize(GgmlType.Q4_0, x, bytes);
        var y = new float[32];
        GgufQuant.Dequantize(GgmlType.Q4_0, bytes, y);
        Assert.Equal(-4f, y[3]);
        Assert.Equal(1f, y[4]);
    }

    [Fact]
    public void LengthsThatAreNotWholeBlocksAreRejected()
    {
        Assert.Throws<ArgumentException>(() => GgufQuant.Dequantize(GgmlType.Q8_0, new byte[34], new float[31]));
        Assert.Throws<ArgumentException>(() => GgufQuant.Dequantize(GgmlType.Q8_0, new byte[33], new float[32]));
        Assert.Throws<ArgumentException>(() => GgufQuant.Quantize(GgmlType.Q4_K, new float[32], new byte[144]));
        Assert.Throws<ArgumentException>(() => GgufQuant.Quantize(GgmlType.F32, new float[2], new byte[4]));
    }
}
