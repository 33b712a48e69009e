using Vane.Loading.Hub;

namespace Vane.Tests.Loading.Hub;

/// <summary>With HF_HUB_OFFLINE the cache alone answers, and says what it lacks.</summary>
public sealed class ModelResolverOfflineTests : IDisposable
{
    readonly HubTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    [Fact]
    public async Task Offline_ResolvesFromTheCache_WithoutRequests()
    {
        string online = await _bed.ResolveAsync();
        int before = _bed.Hub.Requests.Count;

        string offline = await _bed.ResolveAsync(options: _bed.Options(offline: true));

        Assert.Equal(online, offline);
        Assert.Equal(before, _bed.Hub.Requests.Count);
    }

    [Fact]
    public async Task Offline_ResolvesACommitHashWithoutARef()
    {
        await _bed.ResolveAsync();
        File.Delete(Path.Combine(_bed.RepoDir, "refs", "main"));

        string folder = await _bed.ResolveAsync($"org/tiny@{_bed.Commit}", _bed.Options(offline: true));

        Assert.EndsWith(_bed.Commit, folder);
    }

    [Fact]
    public async Task Offline_WithNothingCached_NamesTheMissingRef()
    {
        var e = await Assert.ThrowsAsync<HubException>(
            () => _bed.ResolveAsync(options: _bed.Options(offline: true)));

        Assert.Equal(HubErrorKind.NotCached, e.Kind);
        Assert.Contains(Path.Combine("models--org--tiny", "refs", "main"), e.Message);
        Assert.Contains("HF_HUB_OFFLINE", e.Message);
        Assert.Empty(_bed.Hub.Requests);
    }

    [Fact]
    public async Task Offline_WithTheWeightsMissing_NamesThem()
    {
        await _bed.ResolveAsync();
        File.Delete(_bed.BlobOf("model.safetensors")); // the snapshot link now dangles

        var e = await Assert.ThrowsAsync<HubException>(
            () => _bed.ResolveAsync(options: _bed.Options(offline: true)));

        Assert.Equal(HubErrorKind.NotCached, e.Kind);
        Assert.Contains("lacks model.safetensors", e.Message);
    }

    [Fact]
    public async Task Offline_WithAShardMissing_NamesTheShard()
    {
        var repo = new FakeRepo("org/sharded");
        repo.AddCommit("main",
            FakeRepo.Text("model.safetensors.index.json",
                """{"weight_map":{"a":"s-1.safetensors","b":"s-2.safetensors"}}"""),
            FakeRepo.Binary("s-1.safetensors", 100, seed: 1),
            FakeRepo.Binary("s-2.safetensors", 100, seed: 2));
        _bed.Hub.Add(repo);
        string folder = await _bed.ResolveAsync("org/sharded");
        File.Delete(Path.Combine(folder, "s-2.safetensors"));

        var e = await Assert.ThrowsAsync<HubException>(
            () => _bed.ResolveAsync("org/sharded", _bed.Options(offline: true)));

        Assert.Equal(HubErrorKind.NotCached, e.Kind);
        Assert.Contains("lacks s-2.safetensors", e.Message);
    }

    [Fact]
    public async Task Offline_WithAPatternUnmatched_NamesThePattern()
    {
        await _bed.ResolveAsync();

        var e = await Assert.ThrowsAsync<HubException>(
            () => _bed.ResolveAsync(options: _bed.Options(offline: true), files: ["*.gguf"]));

        Assert.Contains("a file matching '*.gguf'", e.Message);
    }
}
