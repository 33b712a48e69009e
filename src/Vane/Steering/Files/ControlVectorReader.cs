using System.Globalization;
using Vane.Loading;
using Vane.Loading.Gguf;
using Vane.Model;

namespace Vane.Steering.Files;

/// <summary>
/// Checks an open GGUF file against the control vector layout (see <see cref="ControlVectorFile"/>)
/// and turns it into a <see cref="SteeringVector"/>. Every problem names the file and the key or tensor.
/// </summary>
internal static class ControlVectorReader
{
    const string DirectionPrefix = "direction.";

    /// <summary>The vector stored in <paramref name="file"/>.</summary>
    public static SteeringVector Read(GgufFile file)
    {
        CheckArchitecture(file);
        var directions = new Dictionary<int, float[]>();
        string? first = null; // the tensor that set the width
        int width = 0;
        foreach (var info in file.Tensors)
        {
            int block = BlockOf(file, info);
            float[] values = ReadDirection(file, info);
            if (first is null)
                (first, width) = (info.Name, values.Length);
            else if (values.Length != width)
                throw new ModelFormatException(file.Path, info.Name,
                    $"width {values.Length}, expected {width} like '{first}': all directions must have one width");
            directions[block] = values;
        }
        if (first is null)
            throw new ModelFormatException(file.Path, null, "no direction tensors: the control vector is empty");
        return new SteeringVector(width, directions)
        {
            ModelHint = ModelHint(file),
            Metadata = VaneMetadata(file),
        };
    }

    /// <summary>Throws unless every direction of <paramref name="vector"/> fits <paramref name="model"/>.</summary>
    public static void CheckFits(GgufFile file, SteeringVector vector, ModelConfig model)
    {
        foreach (int block in vector.Directions.Keys)
        {
            string name = ControlVectorFile.TensorName(block);
            if (vector.DModel != model.DModel)
                throw new ModelFormatException(file.Path, name,
                    $"width {vector.DModel}, expected the model's d_model {model.DModel}: " +
                    "was the vector made for another model?");
            if (block >= model.NLayers)
                throw new ModelFormatException(file.Path, name,
                    $"block {block}, expected a block of the model's {model.NLayers} (0..{model.NLayers - 1})");
        }
    }

    static void CheckArchitecture(GgufFile file)
    {
        const string key = "general.architecture";
        if (!file.Metadata.TryGet(key, out var value))
            throw new ModelFormatException(file.Path, key,
                $"missing, expected '{ControlVectorFile.Architecture}': is this a control vector?");
        if (value.Value is not string arch || arch != ControlVectorFile.Architecture)
            throw new ModelFormatException(file.Path, key,
                $"found '{value}', expected '{ControlVectorFile.Architecture}': " +
                "this looks like a model or another adapter, not a control vector");
    }

    static int BlockOf(GgufFile file, GgufTensorInfo info)
    {
        string name = info.Name;
        string digits = name.StartsWith(DirectionPrefix, StringComparison.Ordinal)
            ? name[DirectionPrefix.Length..]
            : "";
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit)
            || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int block))
            throw new ModelFormatException(file.Path, name,
                "unexpected tensor, expected only 'direction.N' with N a block index");
        if (block == 0)
            throw new ModelFormatException(file.Path, name,
                "direction.0 is invalid in a control vector (llama.cpp rejects it; N >= 1 is the block " +
                "whose output the direction is added to)");
        return block;
    }

    static float[] ReadDirection(GgufFile file, GgufTensorInfo info)
    {
        if (info.Type != GgmlType.F32)
            throw new ModelFormatException(file.Path, info.Name, $"type {info.Type}, expected F32");
        if (info.Dims.Length != 1)
            throw new ModelFormatException(file.Path, info.Name,
                $"dims [{string.Join(", ", info.Dims)}], expected one dimension [d_model]");
        float[] values = file.ReadFloats(info.Name);
        for (int i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i]))
                throw new ModelFormatException(file.Path, info.Name,
                    $"value {i} is {values[i].ToString(CultureInfo.InvariantCulture)}, expected a finite number");
        return values;
    }

    static string? ModelHint(GgufFile file)
    {
        if (!file.Metadata.Contains(ControlVectorFile.ModelHintKey))
            return null;
        string hint = file.Metadata.GetString(ControlVectorFile.ModelHintKey);
        return hint.Length == 0 ? null : hint;
    }

    static Dictionary<string, string> VaneMetadata(GgufFile file)
    {
        var result = new Dictionary<string, string>();
        foreach (var (key, value) in file.Metadata.Values)
            if (key.StartsWith(ControlVectorFile.MetadataPrefix, StringComparison.Ordinal))
                result[key[ControlVectorFile.MetadataPrefix.Length..]] = value.ToString();
        return result;
    }
}
