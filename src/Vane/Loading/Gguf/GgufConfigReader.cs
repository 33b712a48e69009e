using Vane.Model;
using static Vane.Loading.Gguf.GgufNames;

namespace Vane.Loading.Gguf;

/// <summary>
/// Reads a <see cref="ModelConfig"/> from the "{arch}.*" hyper-parameters of a GGUF file.
/// The vocabulary size comes from token_embd's dims; a missing key names the file and the key.
/// </summary>
static class GgufConfigReader
{
    /// <summary>The config of <paramref name="file"/>; throws for an architecture Vane lacks.</summary>
    public static ModelConfig Read(GgufFile file)
    {
        var m = file.Metadata;
        string archName = m.GetString("general.architecture");
        var arch = GgufNames.Parse(archName) ?? throw new NotSupportedException(
            $"{file.Path}: architecture '{archName}' is not supported (expected llama, qwen2 or gpt2)");
        string p = archName + ".";

        int dModel = Positive(m, p + EmbeddingLength);
        int nHeads = Positive(m, p + HeadCount);
        int nKvHeads = m.Contains(p + HeadCountKv) ? Int(m, p + HeadCountKv) : nHeads;
        int dHead = m.Contains(p + KeyLength) ? Int(m, p + KeyLength) : dModel / nHeads;
        var embd = file.Tensor(TokenEmbd);
        bool gpt2 = arch == Architecture.Gpt2;
        if (!gpt2)
            CheckRopeDims(m, p, dHead);
        return new ModelConfig
        {
            Architecture = arch,
            DModel = dModel,
            NHeads = nHeads,
            NKvHeads = nKvHeads,
            DHead = dHead,
            DMlp = Int(m, p + FeedForwardLength),
            NLayers = Int(m, p + BlockCount),
            VocabSize = embd.Dims.Length == 2 ? checked((int)embd.Dims[1]) : throw new ModelFormatException(
                file.Path, TokenEmbd, $"dims {embd.DimsText}, expected [{dModel}, vocab]"),
            MaxPositions = Int(m, p + ContextLength),
            NormEps = (float)Real(m, p + (gpt2 ? LayerNormEps : RmsEps)),
            RopeTheta = gpt2 || !m.Contains(p + RopeFreqBase) ? 10000 : Real(m, p + RopeFreqBase),
            RopeScaling = gpt2 ? null : ReadRopeScaling(file, p),
            TiedEmbeddings = !file.HasTensor(Output),
            BosId = m.Contains("tokenizer.ggml.bos_token_id") ? Int(m, "tokenizer.ggml.bos_token_id") : null,
            EosIds = m.Contains("tokenizer.ggml.eos_token_id") ? [Int(m, "tokenizer.ggml.eos_token_id")] : [],
            SourceName = archName,
        };
    }

    static void CheckRopeDims(GgufMetadata m, string p, int dHead)
    {
        if (m.Contains(p + RopeDims) && Int(m, p + RopeDims) != dHead)
            throw new NotSupportedException($"{m.Path}: '{p + RopeDims}' is {Int(m, p + RopeDims)}, " +
                $"expected the head width {dHead}; partial rotary embeddings are not supported");
    }

    static RopeScaling? ReadRopeScaling(GgufFile file, string p)
    {
        var m = file.Metadata;
        if (file.HasTensor(RopeFreqs))
            throw new NotSupportedException($"{file.Path}: tensor '{RopeFreqs}' (llama3 RoPE scaling " +
                "stored as frequency divisors) is not supported yet");
        string kind = m.Contains(p + RopeScalingType) ? m.GetString(p + RopeScalingType) : "none";
        return kind switch
        {
            "none" => null,
            "linear" => new RopeScaling("linear", Real(m, p + RopeScalingFactor)),
            _ => throw new NotSupportedException(
                $"{file.Path}: '{p + RopeScalingType}' is '{kind}', expected none or linear"),
        };
    }

    /// <summary>A non-negative integer that fits an int, stored as any integer type.</summary>
    static int Int(GgufMetadata m, string key)
    {
        long v = m.GetInteger(key);
        return v is >= 0 and <= int.MaxValue
            ? (int)v
            : throw new ModelFormatException(m.Path, key, $"found {v}, expected 0 .. {int.MaxValue}");
    }

    static int Positive(GgufMetadata m, string key) =>
        Int(m, key) is > 0 and var v
            ? v
            : throw new ModelFormatException(m.Path, key, "found 0, expected a positive count");

    /// <summary>A Float32 or Float64 value.</summary>
    static double Real(GgufMetadata m, string key) => m.Get(key).Value switch
    {
        float f => f,
        double d => d,
        _ => throw new ModelFormatException(m.Path, key, $"found type {m.Get(key).TypeName}, expected Float32"),
    };
}
