using Vane.Loading.Hub;

namespace Vane.Tests.Loading.Hub;

/// <summary>Options come from the same variables, in the same order, as in huggingface_hub.</summary>
public sealed class HubOptionsTests : IDisposable
{
    readonly string _home = Path.Combine(Path.GetTempPath(), "vane-home-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_home))
            Directory.Delete(_home, recursive: true);
    }

    HubOptions Read(params (string Name, string Value)[] vars)
    {
        var env = vars.ToDictionary(v => v.Name, v => v.Value);
        env.TryAdd("HOME", _home);
        return HubOptions.FromEnvironment(name => env.GetValueOrDefault(name));
    }

    [Fact]
    public void Defaults_AreThePublicHubAndTheHomeCache()
    {
        var options = Read();

        Assert.Equal("https://huggingface.co", options.Endpoint);
        Assert.Equal(Path.Combine(_home, ".cache", "huggingface", "hub"), options.CacheDir);
        Assert.Null(options.Token);
        Assert.False(options.Offline);
    }

    [Fact]
    public void HfHubCache_WinsOverHfHome()
    {
        var options = Read(("HF_HUB_CACHE", "/data/hub"), ("HF_HOME", "/data/hf"));

        Assert.Equal("/data/hub", options.CacheDir);
    }

    [Fact]
    public void HfHome_GivesItsHubFolder()
    {
        Assert.Equal(Path.Combine("/data/hf", "hub"), Read(("HF_HOME", "/data/hf")).CacheDir);
    }

    [Fact]
    public void XdgCacheHome_IsUsedWithoutHfHome()
    {
        Assert.Equal(Path.Combine("/xdg", "huggingface", "hub"), Read(("XDG_CACHE_HOME", "/xdg")).CacheDir);
    }

    [Fact]
    public void EndpointTokenAndOffline_AreRead()
    {
        var options = Read(
            ("HF_ENDPOINT", "http://mirror.local/"), ("HF_TOKEN", "hf_abc"), ("HF_HUB_OFFLINE", "1"));

        Assert.Equal("http://mirror.local", options.Endpoint);
        Assert.Equal("hf_abc", options.Token);
        Assert.True(options.Offline);
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("true", true)]
    [InlineData("YES", true)]
    [InlineData("0", false)]
    [InlineData("", false)]
    public void Offline_AcceptsTheUsualTruthyValues(string value, bool expected)
    {
        Assert.Equal(expected, Read(("HF_HUB_OFFLINE", value)).Offline);
    }

    [Fact]
    public void TokenFile_UnderHfHome_IsUsedWhenHfTokenIsUnset()
    {
        string hfHome = Path.Combine(_home, "hf");
        Directory.CreateDirectory(hfHome);
        File.WriteAllText(Path.Combine(hfHome, "token"), "hf_from_file\n");

        Assert.Equal("hf_from_file", Read(("HF_HOME", hfHome)).Token);
        Assert.Equal("hf_env", Read(("HF_HOME", hfHome), ("HF_TOKEN", "hf_env")).Token);
    }
}
