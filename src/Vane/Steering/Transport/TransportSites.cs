using Vane.Hooks;
using Vane.Model;

namespace Vane.Steering;

/// <summary>Hook sites a transport may use, and their widths for a model.</summary>
public static class TransportSites
{
    /// <summary>
    /// The site names matching <paramref name="pattern"/> (names, comma lists, negative blocks or
    /// wildcards; see <see cref="HookSites.Resolve"/>), in site order.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// An unknown site; the message lists the valid ones.
    /// </exception>
    public static string[] Resolve(string pattern, int nLayers) =>
        HookSites.Resolve(pattern, nLayers).Select(i => HookSites.NameOf(i, nLayers)).ToArray();

    /// <summary>
    /// Width of the rows at <paramref name="site"/> (one exact name) in a model of <paramref
    /// name="config"/>.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown site or more than one.</exception>
    public static int Width(ModelConfig config, string site)
    {
        int[] indices = HookSites.Resolve(site, config.NLayers);
        if (indices.Length != 1)
            throw new ArgumentException($"'{site}' names {indices.Length} sites, expected one");
        int i = indices[0];
        if (i == 0 || i == HookSites.FinalIndex(config.NLayers))
            return config.DModel;
        return (BlockSite)((i - 1) % HookSites.PerBlock) switch
        {
            BlockSite.Z => config.DQuery,
            BlockSite.MlpPost => config.DMlp,
            _ => config.DModel,
        };
    }
}
