using Vane.Model;
using static Vane.Loading.Gguf.GgufNames;

namespace Vane.Loading.Gguf;

/// <summary>
/// Writes a <see cref="ModelConfig"/> as the general.* and "{arch}.*" keys llama.cpp reads,
/// with the value types its converter uses (u32 counts, f32 epsilons and bases).
/// </summary>
static class GgufHyperParams
{
    /// <summary>Adds the architecture, name, file type and hyper-parameters of <paramref name="c"/>.</summary>
    public static void Write(GgufWriter w, ModelConfig c, string name, GgmlType type)
    {
        string arch = GgufNames.Of(c.Architecture);
        string p = arch + ".";
        w.AddMetadata("general.architecture", GgufValue.Of(arch));
        w.AddMetadata("general.name", GgufValue.Of(name));
        w.AddMetadata("general.file_type", GgufValue.Of(FileType(type)));
        if (GgufWeights.StoredType(type) is null)
            w.AddMetadata("general.quantization_version", GgufValue.Of(2u));

        w.AddMetadata(p + "vocab_size", U32(c.VocabSize));
        w.AddMetadata(p + ContextLength, U32(c.MaxPositions));
        w.AddMetadata(p + EmbeddingLength, U32(c.DModel));
        w.AddMetadata(p + BlockCount, U32(c.NLayers));
        w.AddMetadata(p + FeedForwardLength, U32(c.DMlp));
        w.AddMetadata(p + HeadCount, U32(c.NHeads));
        if (c.Architecture == Architecture.Gpt2)
        {
            w.AddMetadata(p + LayerNormEps, GgufValue.Of(c.NormEps));
            return;
        }
        w.AddMetadata(p + HeadCountKv, U32(c.NKvHeads));
        if (c.DHead * c.NHeads != c.DModel)
        {
            w.AddMetadata(p + KeyLength, U32(c.DHead));
            w.AddMetadata(p + "attention.value_length", U32(c.DHead));
        }
        w.AddMetadata(p + RmsEps, GgufValue.Of(c.NormEps));
        w.AddMetadata(p + RopeFreqBase, GgufValue.Of((float)c.RopeTheta));
        w.AddMetadata(p + RopeDims, U32(c.DHead));
        WriteRopeScaling(w, p, c.RopeScaling);
    }

    static void WriteRopeScaling(GgufWriter w, string p, RopeScaling? s)
    {
        if (s is null)
            return;
        if (s.Kind != "linear")
            throw new NotSupportedException($"writing RoPE scaling '{s.Kind}' to GGUF is not supported " +
                $"(llama.cpp stores llama3 scaling as a '{RopeFreqs}' tensor); only linear is");
        w.AddMetadata(p + RopeScalingType, GgufValue.Of("linear"));
        w.AddMetadata(p + RopeScalingFactor, GgufValue.Of((float)s.Factor));
    }

    /// <summary>
    /// llama.cpp's general.file_type (LLAMA_FTYPE) for a model stored mostly as
    /// <paramref name="type"/>.
    /// </summary>
    public static uint FileType(GgmlType type) => type switch
    {
        GgmlType.F32 => 0,
        GgmlType.F16 => 1,
        GgmlType.Q8_0 => 7,
        GgmlType.BF16 => 32,
        _ => throw new NotSupportedException($"converting to {type}: expected F32, F16, BF16 or Q8_0"),
    };

    static GgufValue U32(int v) => GgufValue.Of((uint)v);
}
