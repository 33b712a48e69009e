using System.Text.RegularExpressions;

namespace Vane.Hooks;

/// <summary>What a block-level hook site holds (see docs/methods.md section 1).</summary>
public enum BlockSite
{
    /// <summary>Residual stream entering the block [tokens, DModel].</summary>
    ResidPre,
    /// <summary>Normed input of the q/k/v projections [tokens, DModel].</summary>
    AttnIn,
    /// <summary>Attention output before o_proj [tokens, NHeads * DHead].</summary>
    Z,
    /// <summary>Output of o_proj [tokens, DModel].</summary>
    AttnOut,
    /// <summary>Residual after attention [tokens, DModel].</summary>
    ResidMid,
    /// <summary>Normed input of gate/up (or fc) [tokens, DModel].</summary>
    MlpIn,
    /// <summary>Input of down_proj: act(gate) * up, or act(fc) [tokens, DMlp].</summary>
    MlpPost,
    /// <summary>Output of down_proj [tokens, DModel].</summary>
    MlpOut,
    /// <summary>Residual leaving the block [tokens, DModel].</summary>
    ResidPost,
}

/// <summary>
/// The table of hook site names users type, and their numbering inside the engine:
/// 0 is hook_embed, then 9 sites per block, then ln_final.hook_normalized.
/// </summary>
public static class HookSites
{
    /// <summary>The embedding output: the residual stream entering block 0 [tokens, DModel].</summary>
    public const string Embed = "hook_embed";

    /// <summary>The final norm's output, the input of the unembedding [tokens, DModel].</summary>
    public const string FinalNormalized = "ln_final.hook_normalized";

    static readonly string[] BlockSiteNames =
    [
        "hook_resid_pre", "hook_attn_in", "hook_z", "hook_attn_out", "hook_resid_mid",
        "hook_mlp_in", "hook_mlp_post", "hook_mlp_out", "hook_resid_post",
    ];

    /// <summary>Sites per block.</summary>
    public const int PerBlock = 9;

    /// <summary>The name of a site in a block, e.g. "blocks.5.hook_resid_post".</summary>
    public static string Name(int layer, BlockSite site) => $"blocks.{layer}.{BlockSiteNames[(int)site]}";

    /// <summary>Number of site indices of a model with <paramref name="nLayers"/> blocks.</summary>
    public static int Count(int nLayers) => 2 + PerBlock * nLayers;

    /// <summary>Index of a block site.</summary>
    public static int Index(int layer, BlockSite site) => 1 + layer * PerBlock + (int)site;

    /// <summary>Index of ln_final.hook_normalized.</summary>
    public static int FinalIndex(int nLayers) => 1 + PerBlock * nLayers;

    /// <summary>Every site name of a model with <paramref name="nLayers"/> blocks, in index order.</summary>
    public static IReadOnlyList<string> All(int nLayers)
    {
        var names = new List<string> { Embed };
        for (int l = 0; l < nLayers; l++)
            foreach (BlockSite s in Enum.GetValues<BlockSite>())
                names.Add(Name(l, s));
        names.Add(FinalNormalized);
        return names;
    }

    /// <summary>The site name at <paramref name="index"/>.</summary>
    public static string NameOf(int index, int nLayers) => All(nLayers)[index];

    /// <summary>Block of a site index, or -1 for hook_embed and the final norm.</summary>
    public static int LayerOf(int index, int nLayers) =>
        index == 0 || index == FinalIndex(nLayers) ? -1 : (index - 1) / PerBlock;

    /// <summary>
    /// Site indices matching <paramref name="pattern"/>: an exact name, a negative block
    /// index counted from the end ("blocks.-1.hook_resid_post"), or '*' wildcards
    /// ("blocks.*.hook_resid_post"). Several patterns may be joined with commas.
    /// </summary>
    public static int[] Resolve(string pattern, int nLayers)
    {
        var result = new SortedSet<int>();
        var options = StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries;
        foreach (string raw in pattern.Split(',', options))
        {
            string p = NormaliseNegative(raw, nLayers);
            var names = All(nLayers);
            if (p.Contains('*'))
            {
                var re = new Regex("^" + Regex.Escape(p).Replace("\\*", "[^,]*") + "$");
                int before = result.Count;
                for (int i = 0; i < names.Count; i++)
                    if (re.IsMatch(names[i]))
                        result.Add(i);
                if (result.Count == before)
                    throw Unknown(raw, nLayers);
            }
            else
            {
                int i = IndexOfName(names, p);
                if (i < 0)
                    throw Unknown(raw, nLayers);
                result.Add(i);
            }
        }
        return [.. result];
    }

    static int IndexOfName(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++)
            if (names[i] == name)
                return i;
        return -1;
    }

    static string NormaliseNegative(string name, int nLayers)
    {
        var m = Regex.Match(name, @"^blocks\.(-\d+)\.(.+)$");
        if (!m.Success)
            return name;
        int layer = nLayers + int.Parse(m.Groups[1].Value);
        return layer < 0 ? name : $"blocks.{layer}.{m.Groups[2].Value}";
    }

    static ArgumentException Unknown(string name, int nLayers) =>
        new($"unknown hook site '{name}': expected hook_embed, {FinalNormalized}, or " +
            $"blocks.L.<site> with L in 0..{nLayers - 1} (negative counts from the end) and <site> one of " +
            string.Join(", ", BlockSiteNames));
}
