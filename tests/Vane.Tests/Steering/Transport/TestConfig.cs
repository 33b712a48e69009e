using Vane.Model;
using Vane.Steering;

namespace Vane.Tests.Steering.Transport;

/// <summary>A small model configuration and maps of its widths, for tests that need no weights.</summary>
public static class TestConfig
{
    /// <summary>2 blocks, DModel 4, DMlp 6.</summary>
    public static ModelConfig Small { get; } = new()
    {
        Architecture = Architecture.Llama,
        DModel = 4,
        NHeads = 2,
        NKvHeads = 2,
        DHead = 2,
        DMlp = 6,
        NLayers = 2,
        VocabSize = 10,
        MaxPositions = 16,
        NormEps = 1e-5f,
    };

    /// <summary>An identity-range map of <paramref name="width"/> units: z -> 2z + 1 on [-1, 1].</summary>
    public static SiteTransport Site(string site, int width, float beta = 2, float alpha = 1) => new(site,
        Enumerable.Repeat(beta, width).ToArray(), Enumerable.Repeat(alpha, width).ToArray(),
        Enumerable.Repeat(-1f, width).ToArray(), Enumerable.Repeat(1f, width).ToArray());

    /// <summary>A linear map of the given sites, 8 texts each side.</summary>
    public static TransportMap Map(params SiteTransport[] sites) =>
        new(sites, TransportMethod.Linear, 8, 8, "test");
}
