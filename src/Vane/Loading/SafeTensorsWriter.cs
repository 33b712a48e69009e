using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Vane.Tensors;

namespace Vane.Loading;

/// <summary>A tensor to write: F32 values with a shape, stored as <see cref="DType"/>.</summary>
/// <param name="Name">Tensor name.</param>
/// <param name="Shape">Dimensions, outermost first.</param>
/// <param name="Values">Row-major F32 values; the product of Shape elements.</param>
/// <param name="StoreAs">dtype written to the file.</param>
public sealed record TensorToWrite(string Name, long[] Shape, float[] Values, DType StoreAs = DType.F32);

/// <summary>Writes safetensors files, through a temporary file renamed into place.</summary>
public static class SafeTensorsWriter
{
    /// <summary>Writes <paramref name="tensors"/> (in order) and optional string metadata to a file.</summary>
    public static void Write(
        string path,
        IEnumerable<TensorToWrite> tensors,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        var list = tensors.ToList();
        var header = new Dictionary<string, object>();
        if (metadata is { Count: > 0 })
            header["__metadata__"] = metadata;
        long offset = 0;
        foreach (var t in list)
        {
            long count = t.Shape.Aggregate(1L, (a, b) => a * b);
            if (count != t.Values.LongLength)
                throw new ArgumentException(
                    $"{t.Name}: {t.Values.Length} values for shape [{string.Join(", ", t.Shape)}]");
            long bytes = count * t.StoreAs.Size();
            header[t.Name] = new Dictionary<string, object>
            {
                ["dtype"] = t.StoreAs.SafeTensorsName(),
                ["shape"] = t.Shape,
                ["data_offsets"] = new[] { offset, offset + bytes },
            };
            offset += bytes;
        }
        byte[] json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header));
        int pad = (8 - json.Length % 8) % 8;
        json = [.. json, .. Enumerable.Repeat((byte)' ', pad)];

        AtomicFile.Write(path, fs =>
        {
            fs.Write(BitConverter.GetBytes((ulong)json.Length));
            fs.Write(json);
            foreach (var t in list)
                WriteValues(fs, t);
        });
    }

    static void WriteValues(Stream fs, TensorToWrite t)
    {
        switch (t.StoreAs)
        {
            case DType.F32:
                fs.Write(MemoryMarshal.AsBytes(t.Values.AsSpan()));
                break;
            case DType.F16:
                var h = new Half[t.Values.Length];
                for (int i = 0; i < h.Length; i++)
                    h[i] = (Half)t.Values[i];
                fs.Write(MemoryMarshal.AsBytes(h.AsSpan()));
                break;
            case DType.BF16:
                var b = new ushort[t.Values.Length];
                for (int i = 0; i < b.Length; i++)
                    b[i] = Tensors.Convert.SingleToBFloat16(t.Values[i]);
                fs.Write(MemoryMarshal.AsBytes(b.AsSpan()));
                break;
        }
    }
}
