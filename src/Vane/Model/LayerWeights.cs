using Vane.Tensors;

namespace Vane.Model;

/// <summary>
/// The weights of one transformer block. Matrices are [out, in]; optional parts
/// (biases, the gate, LayerNorm shifts) are null where the architecture has none.
/// </summary>
public sealed class LayerWeights
{
    /// <summary>Gain of the norm before attention [DModel].</summary>
    public required float[] AttnNorm { get; init; }
    /// <summary>Shift of the norm before attention [DModel] (LayerNorm only).</summary>
    public float[]? AttnNormBias { get; init; }

    /// <summary>Query projection [DQuery, DModel].</summary>
    public required WeightMatrix Q { get; init; }
    /// <summary>Key projection [DKv, DModel].</summary>
    public required WeightMatrix K { get; init; }
    /// <summary>Value projection [DKv, DModel].</summary>
    public required WeightMatrix V { get; init; }
    /// <summary>Output projection [DModel, DQuery].</summary>
    public required WeightMatrix O { get; init; }
    /// <summary>Query bias [DQuery].</summary>
    public float[]? QBias { get; init; }
    /// <summary>Key bias [DKv].</summary>
    public float[]? KBias { get; init; }
    /// <summary>Value bias [DKv].</summary>
    public float[]? VBias { get; init; }
    /// <summary>Output bias [DModel].</summary>
    public float[]? OBias { get; init; }

    /// <summary>Gain of the norm before the MLP [DModel].</summary>
    public required float[] MlpNorm { get; init; }
    /// <summary>Shift of the norm before the MLP [DModel] (LayerNorm only).</summary>
    public float[]? MlpNormBias { get; init; }

    /// <summary>Gate projection [DMlp, DModel] (SwiGLU only).</summary>
    public WeightMatrix? Gate { get; init; }
    /// <summary>Up projection [DMlp, DModel] (GPT-2's c_fc).</summary>
    public required WeightMatrix Up { get; init; }
    /// <summary>Down projection [DModel, DMlp] (GPT-2's c_proj).</summary>
    public required WeightMatrix Down { get; init; }
    /// <summary>Up bias [DMlp].</summary>
    public float[]? UpBias { get; init; }
    /// <summary>Down bias [DModel].</summary>
    public float[]? DownBias { get; init; }

    /// <summary>All matrices of the block, for byte counts.</summary>
    public IEnumerable<WeightMatrix> Matrices()
    {
        yield return Q;
        yield return K;
        yield return V;
        yield return O;
        if (Gate is not null)
            yield return Gate;
        yield return Up;
        yield return Down;
    }

    /// <summary>All norm gains, shifts and biases of the block that are present.</summary>
    public IEnumerable<float[]> Vectors() =>
        new[] { AttnNorm, AttnNormBias, QBias, KBias, VBias, OBias, MlpNorm, MlpNormBias, UpBias, DownBias }
            .Where(v => v is not null)!;
}
