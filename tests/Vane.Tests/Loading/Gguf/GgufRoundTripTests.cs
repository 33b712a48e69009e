using Vane.Loading;
using Vane.Loading.Gguf;

namespace Vane.Tests.Loading.Gguf;

/// <summary>What the writer writes, the reader reads back identically.</summary>
public class GgufRoundTripTests
{
    static GgufWriter EveryMetadataType() => new GgufWriter()
        .AddMetadata("u8", GgufValue.Of((byte)200))
        .AddMetadata("i8", GgufValue.Of((sbyte)-100))
        .AddMetadata("u16", GgufValue.Of((ushort)60000))
        .AddMetadata("i16", GgufValue.Of((short)-30000))
        .AddMetadata("u32", GgufValue.Of(4_000_000_000u))
        .AddMetadata("i32", GgufValue.Of(-2_000_000_000))
        .AddMetadata("f32", GgufValue.Of(1.5f))
        .AddMetadata("bool", GgufValue.Of(true))
        .AddMetadata("string", GgufValue.Of("héllo ✓"))
        .AddMetadata("u64", GgufValue.Of(ulong.MaxValue))
        .AddMetadata("i64", GgufValue.Of(long.MinValue))
        .AddMetadata("f64", GgufValue.Of(Math.PI))
        .AddMetadata("empty", GgufValue.Of(""))
        .AddMetadata("a.u8", GgufValue.Array(new byte[] { 1, 2, 255 }))
        .AddMetadata("a.i8", GgufValue.Array(new sbyte[] { -1, 2 }))
        .AddMetadata("a.u16", GgufValue.Array(new ushort[] { 1, 65535 }))
        .AddMetadata("a.i16", GgufValue.Array(new short[] { -1, 3 }))
        .AddMetadata("a.u32", GgufValue.Array(new uint[] { 7, uint.MaxValue }))
        .AddMetadata("a.i32", GgufValue.Array(new[] { -7, 9 }))
        .AddMetadata("a.f32", GgufValue.Array(new[] { 0.25f, -1e30f }))
        .AddMetadata("a.bool", GgufValue.Array(new[] { true, false }))
        .AddMetadata("a.string", GgufValue.Array(new[] { "<s>", "", "▁the" }))
        .AddMetadata("a.u64", GgufValue.Array(new ulong[] { 1, ulong.MaxValue }))
        .AddMetadata("a.i64", GgufValue.Array(new long[] { -1, long.MaxValue }))
        .AddMetadata("a.f64", GgufValue.Array(new[] { 2.5, -0.0 }))
        .AddMetadata("a.empty", GgufValue.Array(Array.Empty<int>()))
        .AddMetadata("a.nested", GgufValue.ArrayOfArrays([
            GgufValue.Array(new[] { "x", "y" }),
            GgufValue.Array(new[] { 1, 2, 3 }),
            GgufValue.ArrayOfArrays([GgufValue.Array(new[] { 1.5 })]),
        ]));

    static void AssertSameValue(GgufValue expected, GgufValue actual, string key)
    {
        Assert.True(expected.Type == actual.Type, $"{key}: type {actual.TypeName}, expected {expected.TypeName}");
        Assert.Equal(expected.ElementType, actual.ElementType);
        if (expected.Value is GgufValue[] inner)
        {
            var got = Assert.IsType<GgufValue[]>(actual.Value);
            Assert.Equal(inner.Length, got.Length);
            for (int i = 0; i < inner.Length; i++)
                AssertSameValue(inner[i], got[i], $"{key}[{i}]");
        }
        else
        {
            Assert.Equal(expected.Value, actual.Value);
        }
    }

    [Fact]
    public void EveryMetadataTypeReadsBackIdentically()
    {
        var writer = EveryMetadataType();
        using var dir = new TempDir();
        string path = dir.File("meta.gguf");
        writer.Write(path);
        using var f = GgufFile.Open(path);

        Assert.Equal(3u, f.Version);
        Assert.Equal(32u, f.Alignment);
        Assert.Empty(f.Tensors);
        var expected = GgufFixtures.ToBytes(writer);
        Assert.Equal(expected, File.ReadAllBytes(path));
        foreach (var (key, value) in writer.Metadata)
            AssertSameValue(value, f.Metadata.Get(key), key);
        Assert.Equal(27, f.Metadata.Values.Count);
    }

    [Fact]
    public void TypedAccessorsReturnValuesAndNameTheKeyOnMismatch()
    {
        using var dir = new TempDir();
        using var f = GgufFixtures.Open(dir, GgufFixtures.ToBytes(EveryMetadataType()));
        var m = f.Metadata;
        Assert.Equal("héllo ✓", m.GetString("string"));
        Assert.Equal(4_000_000_000u, m.GetUInt32("u32"));
        Assert.Equal(-2_000_000_000, m.GetInt32("i32"));
        Assert.Equal(ulong.MaxValue, m.GetUInt64("u64"));
        Assert.Equal(long.MinValue, m.GetInt64("i64"));
        Assert.Equal(1.5f, m.GetFloat32("f32"));
        Assert.Equal(Math.PI, m.GetFloat64("f64"));
        Assert.True(m.GetBool("bool"));
        Assert.Equal(4_000_000_000L, m.GetInteger("u32"));
        Assert.Equal(-30000L, m.GetInteger("i16"));
        Assert.Equal(new[] { "<s>", "", "▁the" }, m.GetArray<string>("a.string"));
        Assert.Equal(new[] { 0.25f, -1e30f }, m.GetArray<float>("a.f32"));
        Assert.Equal(3, m.GetArray<GgufValue>("a.nested").Length);

        var e = Assert.Throws<ModelFormatException>(() => m.GetUInt32("i32"));
        Assert.Equal("i32", e.Item);
        Assert.Contains("found type Int32, expected UInt32", e.Message);
        e = Assert.Throws<ModelFormatException>(() => m.GetArray<int>("a.string"));
        Assert.Contains("found type Array of String, expected Array of Int32", e.Message);
        e = Assert.Throws<ModelFormatException>(() => m.GetString("missing.key"));
        Assert.Contains("'missing.key'", e.Message);
        Assert.Contains("not found", e.Message);
        e = Assert.Throws<ModelFormatException>(() => m.GetInteger("u64"));
        Assert.Contains("expected at most", e.Message);
        e = Assert.Throws<ModelFormatException>(() => m.GetInteger("f32"));
        Assert.Contains("expected an integer", e.Message);
    }

    [Theory]
    [InlineData(32u)]
    [InlineData(64u)]
    [InlineData(1u)]
    public void EveryTensorTypeReadsBackAsWritten(uint alignment)
    {
        GgmlType[] types = [GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0,
            GgmlType.Q4_0, GgmlType.Q4_K, GgmlType.Q6_K];
        var writer = new GgufWriter(alignment).AddMetadata("general.name", GgufValue.Of("t"));
        var inputs = new Dictionary<string, (GgmlType Type, long[] Dims, float[] Values)>();
        int seed = 0;
        foreach (var type in types)
        {
            long[] dims = [type.BlockSize() == 1 ? 5 : 256, 3, 2];
            var values = GgufFixtures.Random(256 * 6, ++seed)[..(int)(dims[0] * 6)];
            inputs[$"t.{type}"] = (type, dims, values);
            writer.AddTensor($"t.{type}", type, dims, values);
        }
        writer.AddTensor("scalar", GgmlType.F32, [], [42f]);

        using var dir = new TempDir();
        string path = dir.File("tensors.gguf");
        writer.Write(path);
        using var f = GgufFile.Open(path);

        Assert.Equal(alignment, f.Alignment);
        Assert.Equal(0, f.DataStart % alignment);
        Assert.Equal(types.Length + 1, f.Tensors.Count);
        Assert.Equal([42f], f.ReadFloats("scalar"));
        foreach (var (name, (type, dims, values)) in inputs)
        {
            var info = f.Tensor(name);
            Assert.Equal(type, info.Type);
            Assert.Equal(dims, info.Dims);
            Assert.Equal(0, (info.Offset - f.DataStart) % alignment);
            Assert.Equal(dims[0], info.RowLength);
            Assert.Equal(6, info.Rows);

            // Reading back gives exactly what encoding then decoding in memory gives.
            var bytes = new byte[type.RowBytes(values.Length)];
            GgufQuant.Quantize(type, values, bytes);
            Assert.Equal(bytes, f.TensorBytes(info).ToArray());
            var expected = new float[values.Length];
            GgufQuant.Dequantize(type, bytes, expected);
            Assert.Equal(expected, f.ReadFloats(name));
        }
        Assert.Equal(inputs["t.F32"].Values, f.ReadFloats("t.F32"));
    }

    [Fact]
    public void Version2FilesAreRead()
    {
        var bytes = GgufFixtures.SmallFile();
        bytes[4] = 2;
        using var dir = new TempDir();
        using var f = GgufFixtures.Open(dir, bytes);
        Assert.Equal(2u, f.Version);
        Assert.Equal("llama", f.Metadata.GetString("general.architecture"));
        Assert.Equal([1f, 2f, 3f], f.ReadFloats("vec"));
    }

    [Fact]
    public void WriterRejectsBadInput()
    {
        var w = new GgufWriter();
        Assert.Throws<ArgumentException>(() => new GgufWriter(3));
        Assert.Throws<ArgumentException>(() => w.AddMetadata("general.alignment", GgufValue.Of(64u)));
        w.AddMetadata("k", GgufValue.Of(1));
        Assert.Throws<ArgumentException>(() => w.AddMetadata("k", GgufValue.Of(2)));
        Assert.Throws<ArgumentException>(() => w.AddTensor("q", GgmlType.Q8_0, [16], new float[16]));
        Assert.Throws<ArgumentException>(() => w.AddTensor("z", GgmlType.F32, [0], []));
        Assert.Throws<ArgumentException>(() => w.AddTensor("n", GgmlType.F32, [4], new float[3]));
        w.AddTensor("t", GgmlType.F32, [1], [1f]);
        Assert.Throws<ArgumentException>(() => w.AddTensor("t", GgmlType.F32, [1], [1f]));
        Assert.Throws<ArgumentException>(() => GgufValue.ArrayOfArrays([GgufValue.Of(1)]));
    }

    [Fact]
    public void WriteReplacesAnExistingFileAndLeavesNoTemporary()
    {
        using var dir = new TempDir();
        string path = dir.File("m.gguf");
        File.WriteAllText(path, "old");
        new GgufWriter().AddMetadata("k", GgufValue.Of("v")).Write(path);
        using (var f = GgufFile.Open(path))
            Assert.Equal("v", f.Metadata.GetString("k"));
        Assert.Single(Directory.GetFiles(dir.Path));
    }
}
