namespace Vane.Model;

/// <summary>The architecture families Vane computes.</summary>
public enum Architecture
{
    /// <summary>Llama 2/3, Mistral, SmolLM, TinyLlama: RMSNorm, RoPE, GQA, SwiGLU.</summary>
    Llama,
    /// <summary>Qwen2: the Llama recipe plus q/k/v biases.</summary>
    Qwen2,
    /// <summary>GPT-2: LayerNorm, learned positions, GELU (tanh), biases everywhere.</summary>
    Gpt2,
}

/// <summary>How RoPE frequencies are rescaled for long contexts.</summary>
/// <param name="Kind">"linear" or "llama3".</param>
/// <param name="Factor">Overall scaling factor.</param>
/// <param name="LowFreqFactor">llama3: low-frequency factor.</param>
/// <param name="HighFreqFactor">llama3: high-frequency factor.</param>
/// <param name="OriginalMaxPositions">llama3: context the model was trained with.</param>
public sealed record RopeScaling(
    string Kind,
    double Factor,
    double LowFreqFactor = 1,
    double HighFreqFactor = 4,
    int OriginalMaxPositions = 8192);

/// <summary>
/// The dimensions and options of a model, in Vane's one vocabulary. File formats'
/// own names (hidden_size, n_embd, ...) appear only in their loaders.
/// </summary>
public sealed record ModelConfig
{
    /// <summary>Architecture family.</summary>
    public required Architecture Architecture { get; init; }
    /// <summary>Width of the residual stream.</summary>
    public required int DModel { get; init; }
    /// <summary>Query heads per layer.</summary>
    public required int NHeads { get; init; }
    /// <summary>Key/value heads per layer (GQA when fewer than NHeads).</summary>
    public required int NKvHeads { get; init; }
    /// <summary>Width of one attention head.</summary>
    public required int DHead { get; init; }
    /// <summary>Hidden width of the MLP.</summary>
    public required int DMlp { get; init; }
    /// <summary>Number of transformer blocks.</summary>
    public required int NLayers { get; init; }
    /// <summary>Rows of the embedding and of the unembedding.</summary>
    public required int VocabSize { get; init; }
    /// <summary>Longest sequence the model supports (positions 0 .. MaxPositions-1).</summary>
    public required int MaxPositions { get; init; }
    /// <summary>Epsilon of the normalisation layers.</summary>
    public required float NormEps { get; init; }
    /// <summary>RoPE base (ignored by GPT-2).</summary>
    public double RopeTheta { get; init; } = 10000;
    /// <summary>RoPE rescaling, or null for none.</summary>
    public RopeScaling? RopeScaling { get; init; }
    /// <summary>Whether the unembedding reuses the token embedding.</summary>
    public bool TiedEmbeddings { get; init; }
    /// <summary>Beginning-of-sequence id from the config, if any.</summary>
    public int? BosId { get; init; }
    /// <summary>End-of-sequence ids from the config.</summary>
    public IReadOnlyList<int> EosIds { get; init; } = [];
    /// <summary>The architecture name as the file gave it, for messages.</summary>
    public string SourceName { get; init; } = "";

    /// <summary>Width of all query heads together (NHeads * DHead).</summary>
    public int DQuery => NHeads * DHead;
    /// <summary>Width of all key (or value) heads together (NKvHeads * DHead).</summary>
    public int DKv => NKvHeads * DHead;

    /// <summary>A one-line summary for logs.</summary>
    public override string ToString() =>
        $"{SourceName} ({Architecture}): {NLayers} layers, d_model {DModel}, {NHeads} heads " +
        $"({NKvHeads} kv) of {DHead}, d_mlp {DMlp}, vocab {VocabSize}, context {MaxPositions}";
}
