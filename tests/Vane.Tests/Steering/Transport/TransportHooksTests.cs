using Vane.Hooks;
using Vane.Steering;

namespace Vane.Tests.Steering.Transport;

public class TransportHooksTests
{
    [Theory]
    [InlineData(-0.01f)]
    [InlineData(1.01f)]
    [InlineData(float.NaN)]
    public void LambdaOutsideZeroToOneThrows(float lambda)
    {
        var hooks = new HookSet(TestConfig.Small);
        var map = TestConfig.Map(TestConfig.Site("blocks.1.hook_resid_post", 4));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => TransportHooks.Apply(hooks, map, lambda));
        Assert.Contains("expected a number in [0, 1]", e.Message);
    }

    [Fact]
    public void WidthUnlikeTheSiteThrowsNamingIt()
    {
        var hooks = new HookSet(TestConfig.Small);
        var map = TestConfig.Map(TestConfig.Site("blocks.0.hook_mlp_post", 4));
        var e = Assert.Throws<ArgumentException>(() => TransportHooks.Apply(hooks, map, 0.5f));
        Assert.Contains("blocks.0.hook_mlp_post: the map has 4 units, the model's site has 6", e.Message);
    }

    [Fact]
    public void UnknownSiteThrows()
    {
        var hooks = new HookSet(TestConfig.Small);
        var map = TestConfig.Map(TestConfig.Site("blocks.7.hook_resid_post", 4));
        var e = Assert.Throws<ArgumentException>(() => TransportHooks.Apply(hooks, map, 0.5f));
        Assert.Contains("unknown hook site 'blocks.7.hook_resid_post'", e.Message);
    }

    [Fact]
    public void RegistersEverySiteAndDisposesThemAll()
    {
        var hooks = new HookSet(TestConfig.Small);
        var map = TestConfig.Map(TestConfig.Site("blocks.0.hook_resid_post", 4),
            TestConfig.Site("blocks.1.hook_mlp_post", 6));
        using (TransportHooks.Apply(hooks, map, 1f))
            Assert.False(hooks.IsEmpty);
        Assert.True(hooks.IsEmpty);
    }
}
