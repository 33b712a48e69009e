using Vane.Loading;
using Vane.Loading.Gguf;

namespace Vane.Tests.Loading.Gguf;

/// <summary>
/// Broken GGUF files fail with one <see cref="ModelFormatException"/> naming the field or tensor;
/// never a crash, a hang, a huge allocation or another exception type.
/// </summary>
public class GgufMalformedTests
{
    const uint F32 = 0;

    static ModelFormatException Fails(byte[] bytes)
    {
        using var dir = new TempDir();
        return Assert.Throws<ModelFormatException>(() => GgufFixtures.Open(dir, bytes).Dispose());
    }

    /// <summary>Opens <paramref name="path"/>; when it loads, every tensor must lie inside the file.</summary>
    static bool LoadsOrFailsCleanly(string path)
    {
        try
        {
            using var f = GgufFile.Open(path);
            foreach (var t in f.Tensors)
            {
                Assert.InRange(t.Offset, f.DataStart, f.Length);
                Assert.InRange(t.ByteLength, 0, f.Length - t.Offset);
                if (t.ElementCount <= 1 << 16)
                    f.ReadFloats(t.Name);
            }
            foreach (var (key, value) in f.Metadata.Values)
                Assert.NotNull(value.ToString());
            return true;
        }
        catch (ModelFormatException e)
        {
            Assert.Equal(path, e.FilePath);
            return false;
        }
    }

    [Fact]
    public void BadMagicIsNamed()
    {
        var bytes = GgufFixtures.SmallFile();
        bytes[0] = (byte)'X';
        var e = Fails(bytes);
        Assert.Equal("magic", e.Item);
        Assert.Contains("not a GGUF file", e.Message);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(1u)]
    [InlineData(4u)]
    [InlineData(0x03000000u)]
    public void UnknownVersionsAreRejected(uint version)
    {
        var e = Fails(RawGguf.Header(0, 0, version).ToArray());
        Assert.Equal("version", e.Item);
        Assert.Contains($"found {version}, expected 2 or 3", e.Message);
    }

    [Fact]
    public void EmptyAndMissingFilesAreFormatErrors()
    {
        var e = Fails([]);
        Assert.Contains("shorter than the 24-byte GGUF header", e.Message);
        e = Assert.Throws<ModelFormatException>(() => GgufFile.Open("/nonexistent/m.gguf"));
        Assert.Contains("not found", e.Message);
    }

    [Fact]
    public void EveryPrefixOfAValidFileLoadsOrFailsCleanly()
    {
        var bytes = GgufFixtures.SmallFile();
        using var dir = new TempDir();
        string path = dir.File("prefix.gguf");
        int loaded = 0;
        for (int n = 0; n <= bytes.Length; n++)
        {
            File.WriteAllBytes(path, bytes[..n]);
            if (LoadsOrFailsCleanly(path))
                loaded++;
        }
        Assert.True(LoadsOrFailsCleanly(path), "the complete file must load");
        // Only cuts inside the padding after the last tensor can still load.
        Assert.InRange(loaded, 1, 32);
    }

    [Fact]
    public void TruncatedDataNamesTheTensor()
    {
        var bytes = GgufFixtures.SmallFile();
        var e = Fails(bytes[..(bytes.Length - 40)]);
        Assert.Equal("mat", e.Item);
        Assert.Contains("outside", e.Message);
    }

    [Fact]
    public void OffsetPastTheEndNamesTheTensor()
    {
        var bytes = RawGguf.Header(1, 0).Tensor("w", [4], F32, 1UL << 40).Align().Bytes(16).ToArray();
        var e = Fails(bytes);
        Assert.Equal("w", e.Item);
        Assert.Contains("1099511627776", e.Message);
    }

    [Fact]
    public void HugeOffsetDoesNotOverflow()
    {
        var bytes = RawGguf.Header(1, 0).Tensor("w", [4], F32, ulong.MaxValue - 31).Align().ToArray();
        Assert.Equal("w", Fails(bytes).Item);
    }

    [Fact]
    public void MisalignedOffsetIsRejected()
    {
        var bytes = RawGguf.Header(1, 0).Tensor("w", [1], F32, 4).Align().Bytes(64).ToArray();
        var e = Fails(bytes);
        Assert.Contains("multiple of the alignment 32", e.Message);
    }

    [Fact]
    public void UnknownTensorTypeNamesTheTensorAndId()
    {
        var e = Fails(RawGguf.Header(1, 0).Tensor("blk.0.attn_q.weight", [32], 99, 0).Align().Bytes(64).ToArray());
        Assert.Equal("blk.0.attn_q.weight", e.Item);
        Assert.Contains("type id is 99", e.Message);
    }

    [Theory]
    [InlineData(new ulong[] { 1UL << 40, 1UL << 40, 1UL << 40 }, "overflow")]
    [InlineData(new ulong[] { 1UL << 62, 4 }, "overflow")]
    [InlineData(new ulong[] { ulong.MaxValue }, "dimension 0")]
    [InlineData(new ulong[] { 4, 0 }, "dimension 1 is 0")]
    [InlineData(new ulong[] { 1, 1, 1, 1, 1 }, "n_dims is 5")]
    public void ImpossibleDimsAreRejected(ulong[] dims, string expected)
    {
        var e = Fails(RawGguf.Header(1, 0).Tensor("w", dims, F32, 0).Align().Bytes(64).ToArray());
        Assert.Equal("w", e.Item);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void RowNotAWholeNumberOfBlocksIsRejected()
    {
        var e = Fails(RawGguf.Header(1, 0).Tensor("w", [33], (uint)GgmlType.Q8_0, 0).Align().Bytes(128).ToArray());
        Assert.Contains("multiple of the 32-value blocks of Q8_0", e.Message);
    }

    [Fact]
    public void DuplicateTensorNamesAreRejected()
    {
        var e = Fails(RawGguf.Header(2, 0).Tensor("w", [1], F32, 0).Tensor("w", [1], F32, 32)
            .Align().Bytes(64).ToArray());
        Assert.Contains("appears twice", e.Message);
    }

    [Fact]
    public void StringLongerThanTheFileIsRejectedBeforeAllocating()
    {
        var e = Fails(RawGguf.Header(0, 1).U64(1UL << 62).Bytes(8).ToArray());
        Assert.Contains("string length is 4611686018427387904", e.Message);
        e = Fails(RawGguf.Header(0, 1).Str("k").U32((uint)GgufValueType.String).U64(1000).Bytes(10).ToArray());
        Assert.Equal("k", e.Item);
    }

    [Theory]
    [InlineData(GgufValueType.UInt8, ulong.MaxValue)]
    [InlineData(GgufValueType.String, 1UL << 40)]
    [InlineData(GgufValueType.Array, 1000)]
    [InlineData(GgufValueType.Float64, 3)]
    public void HugeArrayCountIsRejectedBeforeAllocating(GgufValueType element, ulong count)
    {
        var bytes = RawGguf.Header(0, 1).Str("arr").U32((uint)GgufValueType.Array)
            .U32((uint)element).U64(count).Bytes(20).ToArray();
        var e = Fails(bytes);
        Assert.Equal("arr", e.Item);
        Assert.Contains($"count is {count}", e.Message);
    }

    [Fact]
    public void HugeHeaderCountsAreRejected()
    {
        Assert.Equal("tensor_count", Fails(RawGguf.Header(ulong.MaxValue, 0).Bytes(64).ToArray()).Item);
        Assert.Equal("metadata_kv_count", Fails(RawGguf.Header(0, 1UL << 50).Bytes(64).ToArray()).Item);
    }

    [Fact]
    public void DeeplyNestedArraysAreRejected()
    {
        var raw = RawGguf.Header(0, 1).Str("deep").U32((uint)GgufValueType.Array);
        for (int i = 0; i < 100; i++)
            raw.U32((uint)GgufValueType.Array).U64(1);
        var e = Fails(raw.U32(0).U64(0).ToArray());
        Assert.Contains("nested", e.Message);
    }

    [Theory]
    [InlineData(13u, 0u, "value type id is 13")]
    [InlineData((uint)GgufValueType.Bool, 2u, "bool byte is 2")]
    public void BadValuesAreRejected(uint type, uint payload, string expected)
    {
        var e = Fails(RawGguf.Header(0, 1).Str("k").U32(type).U32(payload).Bytes(8).ToArray());
        Assert.Equal("k", e.Item);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void DuplicateKeysAreRejected()
    {
        var one = RawGguf.Header(0, 2).Str("k").U32((uint)GgufValueType.UInt32).U32(1)
            .Str("k").U32((uint)GgufValueType.UInt32).U32(2).ToArray();
        Assert.Contains("appears twice", Fails(one).Message);
    }

    [Theory]
    [InlineData(GgufValueType.UInt32, 48u, "power of two")]
    [InlineData(GgufValueType.UInt32, 0u, "power of two")]
    [InlineData(GgufValueType.Int32, 32u, "expected UInt32")]
    public void BadAlignmentIsRejected(GgufValueType type, uint value, string expected)
    {
        var e = Fails(RawGguf.Header(0, 1).Str("general.alignment").U32((uint)type).U32(value).ToArray());
        Assert.Equal("general.alignment", e.Item);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void EveryHeaderBitFlipLoadsOrFailsCleanly()
    {
        var bytes = GgufFixtures.SmallFile();
        long headerBytes;
        using (var dir0 = new TempDir())
        using (var f = GgufFixtures.Open(dir0, bytes))
            headerBytes = f.DataStart;

        using var dir = new TempDir();
        string path = dir.File("flip.gguf");
        int loaded = 0, failed = 0;
        for (int bit = 0; bit < headerBytes * 8; bit++)
        {
            var copy = (byte[])bytes.Clone();
            copy[bit / 8] ^= (byte)(1 << (bit % 8));
            File.WriteAllBytes(path, copy);
            if (LoadsOrFailsCleanly(path))
                loaded++;
            else
                failed++;
        }
        Assert.True(failed > 0 && loaded > 0, $"{loaded} loaded, {failed} failed");
    }

    [Fact]
    public void RandomMultiBitCorruptionLoadsOrFailsCleanly()
    {
        var bytes = GgufFixtures.SmallFile();
        var rng = new Random(1234);
        using var dir = new TempDir();
        string path = dir.File("fuzz.gguf");
        for (int round = 0; round < 1000; round++)
        {
            var copy = (byte[])bytes.Clone();
            for (int k = 0; k < 1 + round % 4; k++)
            {
                int bit = rng.Next(Math.Min(copy.Length, 256) * 8);
                copy[bit / 8] ^= (byte)(1 << (bit % 8));
            }
            File.WriteAllBytes(path, copy[..rng.Next(copy.Length / 2, copy.Length + 1)]);
            LoadsOrFailsCleanly(path);
        }
    }
}
