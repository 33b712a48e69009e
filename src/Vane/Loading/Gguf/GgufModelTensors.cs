using Vane.Model;
using Vane.Tensors;

namespace Vane.Loading.Gguf;

/// <summary>
/// The tensors of a GGUF model file with their shapes checked: a matrix [rows, cols] must have
/// ggml dims [cols, rows], a vector [n] dims [n]. Mismatches name the file and the tensor.
/// </summary>
sealed class GgufModelTensors(GgufFile file, ModelConfig config)
{
    /// <summary>The open file; the model owns it.</summary>
    public GgufFile File => file;

    /// <summary>The file's path, for messages.</summary>
    public string Path => file.Path;

    /// <summary>The stored type of tensor <paramref name="name"/>.</summary>
    public GgmlType Type(string name) => file.Tensor(name).Type;

    /// <summary>Matrix <paramref name="name"/> [rows, cols], rows read in <paramref name="order"/> if given.</summary>
    public WeightMatrix Matrix(string name, int rows, int cols, int[]? order = null)
    {
        var info = Checked(name, cols, rows);
        return GgufWeights.Matrix(file, info, name, order ?? Enumerable.Range(0, rows).ToArray(), cols);
    }

    /// <summary>Matrix <paramref name="name"/> [parts * rows, cols] cut by rows into pieces [rows, cols].</summary>
    public WeightMatrix[] Split(string name, int parts, int rows, int cols)
    {
        var info = Checked(name, cols, parts * rows);
        return Enumerable.Range(0, parts)
            .Select(p => GgufWeights.Matrix(file, info, $"{name}[{"qkv"[p % 3]}]",
                Enumerable.Range(p * rows, rows).ToArray(), cols))
            .ToArray();
    }

    /// <summary>Vector <paramref name="name"/> [n] as F32, optionally reordered.</summary>
    public float[] Floats(string name, int n, int[]? order = null) =>
        GgufWeights.Vector(file, Checked(name, n), order);

    /// <summary>Vector <paramref name="name"/> [n], or null when absent and not <paramref name="required"/>.</summary>
    public float[]? OptionalFloats(string name, int n, bool required, int[]? order = null) =>
        required || file.HasTensor(name) ? Floats(name, n, order) : null;

    GgufTensorInfo Checked(string name, params long[] dims)
    {
        var info = file.Tensor(name);
        if (!info.Dims.SequenceEqual(dims))
            throw new ModelFormatException(file.Path, name, $"dims {info.DimsText} (ggml order), expected " +
                $"[{string.Join(", ", dims)}] from the hyper-parameters ({config}); is this the right model?");
        return info;
    }
}
