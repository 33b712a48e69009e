using Vane.Loading;
using Vane.Loading.Gguf;
using Vane.Model;

namespace Vane.Steering.Files;

/// <summary>
/// A <see cref="SteeringVector"/> as a llama.cpp GGUF control vector, the file that
/// `llama-cli --control-vector` and repeng's <c>export_gguf</c> use.
/// </summary>
/// <remarks>
/// Layout: <c>general.architecture = "controlvector"</c>, <c>controlvector.model_hint</c>
/// (string), <c>controlvector.layer_count</c> (number of direction tensors; llama.cpp
/// writes Int32, repeng UInt32, no reader uses it), and one F32 tensor
/// <c>direction.N</c> [DModel] per block.
///
/// Layer convention: <c>direction.N</c> is added to the output of block N (0-based), i.e.
/// at <c>blocks.N.hook_resid_post</c>. llama.cpp's loader puts it at offset (N-1)*n_embd of
/// the buffer it hands to <c>llama_set_adapter_cvec</c>, whose slot k-1 feeds the tensor
/// added to <c>l_out</c> of layer k; repeng's ids are the indices of the decoder blocks
/// whose outputs it wraps. N = 0 is rejected by llama.cpp, so a direction for block 0
/// cannot be written in this format.
///
/// Vane's provenance (<see cref="SteeringVector.Metadata"/>) goes into extra string keys
/// <c>vane.KEY</c>, which other readers ignore.
/// </remarks>
public static class ControlVectorFile
{
    /// <summary>The value of general.architecture in a control vector file.</summary>
    public const string Architecture = "controlvector";

    /// <summary>Key of the model hint (the model type the vector was made for).</summary>
    public const string ModelHintKey = "controlvector.model_hint";

    /// <summary>Key of the direction count.</summary>
    public const string LayerCountKey = "controlvector.layer_count";

    /// <summary>Prefix of the keys that hold <see cref="SteeringVector.Metadata"/>.</summary>
    public const string MetadataPrefix = "vane.";

    /// <summary>Name of the tensor that holds the direction for block <paramref name="block"/>.</summary>
    public static string TensorName(int block) => $"direction.{block}";

    /// <summary>
    /// Writes <paramref name="vector"/> to <paramref name="path"/> atomically. Throws
    /// <see cref="ArgumentException"/> when the vector has a direction for block 0 or no direction.
    /// </summary>
    public static void Write(SteeringVector vector, string path)
    {
        if (vector.Directions.Count == 0)
            throw new ArgumentException($"{path}: the vector has no direction to write");
        if (vector.Directions.ContainsKey(0))
            throw new ArgumentException($"{path}: block 0 has a direction, but a llama.cpp control vector " +
                "cannot hold one (direction.0 is invalid there: direction.N applies to the output of block N " +
                "for N >= 1); drop block 0 before writing");
        var w = new GgufWriter();
        w.AddMetadata("general.architecture", GgufValue.Of(Architecture));
        w.AddMetadata(ModelHintKey, GgufValue.Of(vector.ModelHint ?? ""));
        w.AddMetadata(LayerCountKey, GgufValue.Of(vector.Directions.Count));
        foreach (var (key, value) in vector.Metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            w.AddMetadata(MetadataPrefix + key, GgufValue.Of(value));
        foreach (var (block, direction) in vector.Directions)
            w.AddTensor(TensorName(block), GgmlType.F32, [vector.DModel], direction);
        w.Write(path);
    }

    /// <summary>
    /// Reads a control vector written by Vane, llama.cpp or repeng. When <paramref name="model"/>
    /// is given, the width must be its DModel and every block one of its blocks. A file that is
    /// not a valid control vector is a <see cref="ModelFormatException"/> naming file and tensor.
    /// </summary>
    public static SteeringVector Read(string path, ModelConfig? model = null)
    {
        using var file = GgufFile.Open(path);
        var vector = ControlVectorReader.Read(file);
        if (model is not null)
            ControlVectorReader.CheckFits(file, vector, model);
        return vector;
    }
}
