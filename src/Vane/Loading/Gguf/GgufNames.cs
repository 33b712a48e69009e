using Vane.Model;

namespace Vane.Loading.Gguf;

/// <summary>
/// llama.cpp's names for architectures, hyper-parameter keys and tensors. These names appear
/// only here and in the GGUF loader and converter; the rest of Vane speaks ModelConfig.
/// </summary>
static class GgufNames
{
    /// <summary>The general.architecture string of <paramref name="arch"/>.</summary>
    public static string Of(Architecture arch) => arch switch
    {
        Architecture.Llama => "llama",
        Architecture.Qwen2 => "qwen2",
        Architecture.Gpt2 => "gpt2",
        _ => throw new NotSupportedException($"architecture {arch} has no GGUF name in Vane"),
    };

    /// <summary>The architecture named <paramref name="name"/>, or null when Vane lacks it.</summary>
    public static Architecture? Parse(string name) => name switch
    {
        "llama" => Architecture.Llama,
        "qwen2" => Architecture.Qwen2,
        "gpt2" => Architecture.Gpt2,
        _ => null,
    };

    // Hyper-parameter keys, prefixed with "{arch}.".
    public const string ContextLength = "context_length";
    public const string EmbeddingLength = "embedding_length";
    public const string BlockCount = "block_count";
    public const string FeedForwardLength = "feed_forward_length";
    public const string HeadCount = "attention.head_count";
    public const string HeadCountKv = "attention.head_count_kv";
    public const string KeyLength = "attention.key_length";
    public const string RmsEps = "attention.layer_norm_rms_epsilon";
    public const string LayerNormEps = "attention.layer_norm_epsilon";
    public const string RopeFreqBase = "rope.freq_base";
    public const string RopeDims = "rope.dimension_count";
    public const string RopeScalingType = "rope.scaling.type";
    public const string RopeScalingFactor = "rope.scaling.factor";
    public const string RopeScalingOriginalContext = "rope.scaling.original_context_length";

    // Tensors outside the blocks.
    public const string TokenEmbd = "token_embd.weight";
    public const string PositionEmbd = "position_embd.weight";
    public const string OutputNorm = "output_norm";
    public const string Output = "output.weight";
    /// <summary>llama.cpp's per-frequency RoPE divisors (llama3 scaling); Vane does not read it.</summary>
    public const string RopeFreqs = "rope_freqs.weight";

    /// <summary>The name of <paramref name="part"/> ("attn_q.weight") of block <paramref name="layer"/>.</summary>
    public static string Block(int layer, string part) => $"blk.{layer}.{part}";
}
