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

    /// <summary>The projections that can read <paramref name="input"/>, in block order.</summary>
    public static Projection[] Readers(SparseInput input) => input switch
    {
        SparseInput.Qkv => [Projection.Q, Projection.K, Projection.V],
        SparseInput.O => [Projection.O],
        SparseInput.GateUp => [Projection.Gate, Projection.Up],
        _ => [Projection.Down],
    };

    /// <summary>The input <paramref name="p"/> reads.</summary>
    public static SparseInput InputOf(Projection p) => p switch
    {
        Projection.Q or Projection.K or Projection.V => SparseInput.Qkv,
        Projection.O => SparseInput.O,
        Projection.Gate or Projection.Up => SparseInput.GateUp,
        _ => SparseInput.Down,
    };

    /// <summary>The matrix of <paramref name="p"/> in <paramref name="w"/>, or null (a gate in GPT-2).</summary>
    public static WeightMatrix? Matrix(LayerWeights w, Projection p) => p switch
    {
        Projection.Q => w.Q,
        Projection.K => w.K,
        Projection.V => w.V,
        Projection.O => w.O,
        Projection.Gate => w.Gate,
        Projection.Up => w.Up,
        _ => w.Down,
    };

    /// <summary>
    /// The projections whose copy of <paramref name="input"/> <paramref name="rule"/> masks: its
    /// <see cref="InputRule.Readers"/>, or every reader when it names none.
    /// </summary>
    /// <exception cref="InvalidDataException">The rule names no reader, or one that does not read
    /// <paramref name="input"/>.</exception>
    public static IReadOnlyList<Projection> MaskedReaders(SparseInput input, InputRule rule)
    {
        var all = Readers(input);
        if (rule.Readers is null)
            return all;
        if (rule.Readers.Count == 0)
            throw new InvalidDataException(
                $"input {input}: the rule lists no readers; leave Readers out (null) to mask every reader");
        foreach (var p in rule.Readers)
            if (!all.Contains(p))
                throw new InvalidDataException(
                    $"input {input}: the rule lists reader {p}, which reads {InputOf(p)}; " +
                    $"the readers of {input} are {string.Join(", ", all)}");
        return rule.Readers;
    }

    /// <summary>Whether <paramref name="rule"/> masks <paramref name="input"/> for every reader, so that
    /// it can edit the shared activation at the input's hook site.</summary>
    public static bool MasksEveryReader(SparseInput input, InputRule rule) =>
        Readers(input).All(MaskedReaders(input, rule).Contains);

    /// <summary>Parameters of the matrices that read <paramref name="input"/>: the weight a step of
    /// sparsity there saves.</summary>
    public static long Size(LayerWeights w, SparseInput input) =>
        Matrices(w, input).Sum(m => (long)m.Rows * m.Cols);
}
