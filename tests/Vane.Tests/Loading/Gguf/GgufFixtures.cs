using System.Text;
using Vane.Loading.Gguf;

namespace Vane.Tests.Loading.Gguf;

/// <summary>Small GGUF files for tests: a valid one from the writer, and raw bytes built field by field.</summary>
static class GgufFixtures
{
    /// <summary>A small valid file: a few metadata pairs and two tensors (F32 and Q8_0).</summary>
    public static byte[] SmallFile()
    {
        var w = new GgufWriter();
        w.AddMetadata("general.architecture", GgufValue.Of("llama"));
        w.AddMetadata("llama.block_count", GgufValue.Of(2u));
        w.AddMetadata("tokenizer.ggml.tokens", GgufValue.Array(new[] { "a", "bc" }));
        w.AddTensor("vec", GgmlType.F32, [3], [1f, 2f, 3f]);
        w.AddTensor("mat", GgmlType.Q8_0, [32, 2], Random(64, 1));
        return ToBytes(w);
    }

    /// <summary>The bytes <paramref name="w"/> would write.</summary>
    public static byte[] ToBytes(GgufWriter w)
    {
        using var ms = new MemoryStream();
        w.WriteTo(ms);
        return ms.ToArray();
    }

    /// <summary><paramref name="n"/> values uniform in [-1, 1) from a fixed seed.</summary>
    public static float[] Random(int n, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
    }

    /// <summary>Writes <paramref name="bytes"/> to a file in <paramref name="dir"/> and opens it.</summary>
    public static GgufFile Open(TempDir dir, byte[] bytes, string name = "m.gguf")
    {
        string path = dir.File(name);
        File.WriteAllBytes(path, bytes);
        return GgufFile.Open(path);
    }
}

/// <summary>Builds GGUF bytes one little-endian field at a time, for hand-made broken files.</summary>
sealed class RawGguf
{
    readonly MemoryStream _ms = new();
    readonly BinaryWriter _w;

    public RawGguf() => _w = new BinaryWriter(_ms);

    /// <summary>Starts with magic, version and the two counts.</summary>
    public static RawGguf Header(ulong tensors, ulong kvs, uint version = 3) =>
        new RawGguf().U32(0x46554747).U32(version).U64(tensors).U64(kvs);

    public RawGguf U32(uint v) { _w.Write(v); return this; }
    public RawGguf U64(ulong v) { _w.Write(v); return this; }
    public RawGguf Bytes(int n) { _w.Write(new byte[n]); return this; }

    public RawGguf Str(string s)
    {
        var b = Encoding.UTF8.GetBytes(s);
        return U64((ulong)b.Length).Raw(b);
    }

    public RawGguf Raw(byte[] b) { _w.Write(b); return this; }

    /// <summary>A tensor info: name, dims, type id, relative offset.</summary>
    public RawGguf Tensor(string name, ulong[] dims, uint type, ulong offset)
    {
        Str(name).U32((uint)dims.Length);
        foreach (var d in dims)
            U64(d);
        return U32(type).U64(offset);
    }

    /// <summary>Pads with zeros to a multiple of 32 bytes (the default data alignment).</summary>
    public RawGguf Align()
    {
        _w.Flush();
        while (_ms.Length % 32 != 0)
            _w.Write((byte)0);
        return this;
    }

    public byte[] ToArray()
    {
        _w.Flush();
        return _ms.ToArray();
    }
}
