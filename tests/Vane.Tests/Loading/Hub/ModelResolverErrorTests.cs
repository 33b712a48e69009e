using System.Net;
using System.Net.Sockets;
using Vane.Loading.Hub;

namespace Vane.Tests.Loading.Hub;

/// <summary>Every way resolving can fail says what failed and how to recover.</summary>
public sealed class ModelResolverErrorTests : IDisposable
{
    readonly HubTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    [Fact]
    public async Task Token_IsSentToTheHub_ButNotToTheCdn()
    {
        _bed.Hub.RequiredToken = "hf_secret";

        await _bed.ResolveAsync(options: _bed.Options(token: "hf_secret"));

        var hubRequests = _bed.Hub.Requests.Where(r => r.Host == "127.0.0.1").ToArray();
        Assert.NotEmpty(hubRequests);
        Assert.All(hubRequests, r => Assert.Equal("Bearer hf_secret", r.Authorization));
        var cdnRequests = _bed.Hub.Requests.Where(r => r.Host == "localhost").ToArray();
        Assert.NotEmpty(cdnRequests);
        Assert.All(cdnRequests, r => Assert.Null(r.Authorization));
    }

    [Fact]
    public async Task Unauthorized_SaysToSetHfToken()
    {
        _bed.Hub.RequiredToken = "hf_secret";

        var e = await Assert.ThrowsAsync<HubException>(() => _bed.ResolveAsync());

        Assert.Equal(HubErrorKind.Unauthorized, e.Kind);
        Assert.Contains("HTTP 401", e.Message);
        Assert.Contains("HF_TOKEN", e.Message);
        Assert.Contains("org/tiny", e.Message);
    }

    [Fact]
    public async Task WrongToken_SaysTheTokenWasNotAccepted()
    {
        _bed.Hub.RequiredToken = "hf_secret";

        var e = await Assert.ThrowsAsync<HubException>(
            () => _bed.ResolveAsync(options: _bed.Options(token: "hf_wrong")));

        Assert.Equal(HubErrorKind.Unauthorized, e.Kind);
        Assert.Contains("token was sent but does not grant access", e.Message);
    }

    [Fact]
    public async Task UnknownRepo_IsNamedAsNotFound()
    {
        var e = await Assert.ThrowsAsync<HubException>(() => _bed.ResolveAsync("org/nope"));

        Assert.Equal(HubErrorKind.NotFound, e.Kind);
        Assert.Contains("'org/nope'", e.Message);
        Assert.Contains("repo not found", e.Message);
    }

    [Fact]
    public async Task UnknownRevision_IsNamedAsNotFound()
    {
        var e = await Assert.ThrowsAsync<HubException>(() => _bed.ResolveAsync("org/tiny@v9"));

        Assert.Equal(HubErrorKind.NotFound, e.Kind);
        Assert.Contains("revision 'v9'", e.Message);
        Assert.Contains("revision not found", e.Message);
    }

    [Fact]
    public async Task UnreachableHub_NamesTheEndpoint()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        string endpoint = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}";
        probe.Stop(); // nothing listens there now

        var e = await Assert.ThrowsAsync<HubException>(
            () => _bed.ResolveAsync(options: _bed.Options() with { Endpoint = endpoint }));

        Assert.Equal(HubErrorKind.Network, e.Kind);
        Assert.Contains($"Could not reach the hub at {endpoint}", e.Message);
        Assert.Contains("HF_HUB_OFFLINE", e.Message);
    }

    [Fact]
    public async Task RepoWithoutSafetensors_PointsToTheFilesFilter()
    {
        var repo = new FakeRepo("org/gguf-only");
        repo.AddCommit("main", FakeRepo.Binary("m-Q8_0.gguf", 100, seed: 7));
        _bed.Hub.Add(repo);

        var e = await Assert.ThrowsAsync<HubException>(() => _bed.ResolveAsync("org/gguf-only"));

        Assert.Equal(HubErrorKind.MissingFiles, e.Kind);
        Assert.Contains("model.safetensors", e.Message);
        Assert.Contains("m-Q8_0.gguf", e.Message);
    }

    [Fact]
    public async Task PatternMatchingNothing_IsNamed()
    {
        var e = await Assert.ThrowsAsync<HubException>(() => _bed.ResolveAsync(files: ["*Q8_0.gguf"]));

        Assert.Equal(HubErrorKind.MissingFiles, e.Kind);
        Assert.Contains("'*Q8_0.gguf'", e.Message);
        Assert.Contains("tiny-Q4_K_M.gguf", e.Message);
    }

    [Theory]
    [InlineData("justaname")]
    [InlineData("org/name@")]
    [InlineData("org/na me")]
    [InlineData("./no/such/folder")]
    [InlineData("a/b/c")]
    public async Task MalformedSpec_ShowsTheExpectedForm(string spec)
    {
        var e = await Assert.ThrowsAsync<HubException>(() => _bed.ResolveAsync(spec));

        Assert.Equal(HubErrorKind.BadSpec, e.Kind);
        Assert.Contains("org/name[@revision]", e.Message);
        Assert.Empty(_bed.Hub.Requests);
    }
}
