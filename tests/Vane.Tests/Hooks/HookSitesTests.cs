using System.Text.RegularExpressions;
using Vane.Hooks;

namespace Vane.Tests.Hooks;

public class HookSitesTests
{
    [Fact]
    public void TableMatchesTheMethodsDocument()
    {
        // every site named in docs/methods.md section 1 is a site the engine exposes, and back
        string doc = File.ReadAllText(SharedData.Path("docs/methods.md"));
        var documented = Regex.Matches(doc, @"`blocks\.L\.(hook_\w+)`").Select(m => m.Groups[1].Value).ToHashSet();
        var exposed = HookSites.All(1).Where(n => n.StartsWith("blocks.0.")).Select(n => n["blocks.0.".Length..]);
        Assert.Equal(documented.OrderBy(x => x), exposed.OrderBy(x => x));
        Assert.Contains("`hook_embed`", doc);
        Assert.Contains("`ln_final.hook_normalized`", doc);
        Assert.Contains(HookSites.Embed, HookSites.All(2));
        Assert.Contains(HookSites.FinalNormalized, HookSites.All(2));
    }

    [Theory]
    [InlineData("blocks.2.hook_resid_post", new[] { "blocks.2.hook_resid_post" })]
    [InlineData("blocks.-1.hook_mlp_out", new[] { "blocks.5.hook_mlp_out" })]
    [InlineData("blocks.*.hook_z", new[] { "blocks.0.hook_z", "blocks.1.hook_z", "blocks.2.hook_z",
        "blocks.3.hook_z", "blocks.4.hook_z", "blocks.5.hook_z" })]
    [InlineData("hook_embed, blocks.0.hook_attn_in", new[] { "hook_embed", "blocks.0.hook_attn_in" })]
    public void PatternsResolve(string pattern, string[] expected)
    {
        var names = HookSites.Resolve(pattern, 6).Select(i => HookSites.NameOf(i, 6));
        Assert.Equal(expected.OrderBy(x => x), names.OrderBy(x => x));
    }

    [Theory]
    [InlineData("blocks.6.hook_resid_post")]
    [InlineData("blocks.-7.hook_resid_post")]
    [InlineData("blocks.1.hook_nothing")]
    [InlineData("blocks.*.hook_nothing")]
    public void UnknownSitesAreRejectedWithTheValidNames(string pattern)
    {
        var e = Assert.Throws<ArgumentException>(() => HookSites.Resolve(pattern, 6));
        Assert.Contains(pattern, e.Message);
        Assert.Contains("hook_resid_post", e.Message);
    }
}
