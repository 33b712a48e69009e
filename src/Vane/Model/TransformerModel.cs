using Vane.Tensors;

namespace Vane.Model;

/// <summary>
/// A loaded decoder-only transformer: its config and weights. Weights are read-only
/// and usually memory-mapped; <see cref="ForwardPass"/> computes with them.
/// Dispose to unmap the files.
/// </summary>
public sealed class TransformerModel : IDisposable
{
    readonly IDisposable[] _owned;

    /// <summary>Dimensions and options.</summary>
    public ModelConfig Config { get; }

    /// <summary>Token embedding [VocabSize, DModel].</summary>
    public WeightMatrix TokenEmbedding { get; }

    /// <summary>Learned position embedding [MaxPositions, DModel] (GPT-2), else null.</summary>
    public WeightMatrix? PositionEmbedding { get; }

    /// <summary>The blocks, in order [NLayers].</summary>
    public IReadOnlyList<LayerWeights> Layers { get; }

    /// <summary>Gain of the final norm [DModel].</summary>
    public float[] FinalNorm { get; }

    /// <summary>Shift of the final norm [DModel] (LayerNorm only).</summary>
    public float[]? FinalNormBias { get; }

    /// <summary>Unembedding [VocabSize, DModel]; the token embedding when tied.</summary>
    public WeightMatrix LmHead { get; }

    /// <summary>Rotary frequencies (unused by GPT-2).</summary>
    public RopeTable Rope { get; }

    /// <summary>Where the weights came from (a folder or file), for messages.</summary>
    public string Source { get; }

    internal TransformerModel(
        ModelConfig config,
        string source,
        WeightMatrix tokenEmbedding,
        WeightMatrix? positionEmbedding,
        IReadOnlyList<LayerWeights> layers,
        float[] finalNorm,
        float[]? finalNormBias,
        WeightMatrix lmHead,
        IDisposable[] owned)
    {
        Config = config;
        Source = source;
        TokenEmbedding = tokenEmbedding;
        PositionEmbedding = positionEmbedding;
        Layers = layers;
        FinalNorm = finalNorm;
        FinalNormBias = finalNormBias;
        LmHead = lmHead;
        Rope = new RopeTable(config);
        _owned = owned;
    }

    /// <summary>Stored dtype of the block weights (of the first query projection).</summary>
    public DType WeightType => Layers.Count > 0 ? Layers[0].Q.DType : TokenEmbedding.DType;

    /// <summary>Bytes of weights read to decode one token: every block matrix and the unembedding.</summary>
    public long DecodeBytesPerToken =>
        Layers.SelectMany(l => l.Matrices()).Sum(m => m.ByteSize) + LmHead.ByteSize;

    /// <summary>Number of parameters (tied matrices counted once).</summary>
    public long ParameterCount
    {
        get
        {
            long n = (long)TokenEmbedding.Rows * TokenEmbedding.Cols;
            if (PositionEmbedding is not null)
                n += (long)PositionEmbedding.Rows * PositionEmbedding.Cols;
            if (!ReferenceEquals(LmHead, TokenEmbedding))
                n += (long)LmHead.Rows * LmHead.Cols;
            foreach (var l in Layers)
                n += l.Matrices().Sum(m => (long)m.Rows * m.Cols) + l.Vectors().Sum(v => v.Length);
            return n + FinalNorm.Length + (FinalNormBias?.Length ?? 0);
        }
    }

    /// <summary>Unmaps the weight files.</summary>
    public void Dispose()
    {
        foreach (var d in _owned)
            d.Dispose();
    }
}
