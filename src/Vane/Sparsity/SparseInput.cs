using Vane.Hooks;
using Vane.Model;
using Vane.Tensors;

namespace Vane.Sparsity;

/// <summary>
/// The four inputs of a block's projections that activation sparsity can zero;
/// q/k/v share one input, as do gate/up.
/// </summary>
public enum SparseInput
{
    /// <summary>Input of q, k and v: blocks.L.hook_attn_in [tokens, DModel].</summary>
    Qkv,
    /// <summary>Input of o_proj: blocks.L.hook_z [tokens, DQuery].</summary>
    O,
    /// <summary>Input of gate and up: blocks.L.hook_mlp_in [tokens, DModel].</summary>
    GateUp,
    /// <summary>Input of down_proj: blocks.L.hook_mlp_post [tokens, DMlp].</summary>
    Down,
}

/// <summary>Where each <see cref="SparseInput"/> lives: its hook site, width and matrices.</summary>
public static class SparseInputs
{
    /// <summary>All four inputs, in block order.</summary>
    public static readonly SparseInput[] All = [SparseInput.Qkv, SparseInput.O, SparseInput.GateUp, SparseInput.Down];

    /// <summary>The hook site that holds <paramref name="input"/> in block <paramref name="layer"/>.</summary>
    public static string Site(int layer, SparseInput input) => HookSites.Name(layer, Block(input));

    /// <summary>The block-level site of <paramref name="input"/>.</summary>
    public static BlockSite Block(SparseInput input) => input switch
    {
        SparseInput.Qkv => BlockSite.AttnIn,
        SparseInput.O => BlockSite.Z,
        SparseInput.GateUp => BlockSite.MlpIn,
        _ => BlockSite.MlpPost,
    };

    /// <summary>Width of one row of <paramref name="input"/>.</summary>
    public static int Width(ModelConfig c, SparseInput input) => input switch
    {
        SparseInput.O => c.DQuery,
        SparseInput.Down => c.DMlp,
        _ => c.DModel,
    };

    /// <summary>The matrices that read <paramref name="input"/> (each [out, Width]).</summary>
    public static IReadOnlyList<WeightMatrix> Matrices(LayerWeights w, SparseInput input) => input switch
    {
        SparseInput.Qkv => [w.Q, w.K, w.V],
        SparseInput.O => [w.O],
        SparseInput.GateUp => w.Gate is null ? [w.Up] : [w.Gate, w.Up],
        _ => [w.Down],
    };

    /// <summary>Parameters of the matrices that read <paramref name="input"/>: the weight a step of
    /// sparsity there saves.</summary>
    public static long Size(LayerWeights w, SparseInput input) =>
        Matrices(w, input).Sum(m => (long)m.Rows * m.Cols);
}
