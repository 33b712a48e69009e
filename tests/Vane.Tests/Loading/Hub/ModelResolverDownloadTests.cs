using System.Security.Cryptography;
using Vane.Loading.Hub;

namespace Vane.Tests.Loading.Hub;

/// <summary>Downloading into an empty cache, and the cache layout it leaves behind.</summary>
public sealed class ModelResolverDownloadTests : IDisposable
{
    readonly HubTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    [Fact]
    public async Task FreshDownload_LaysOutTheCacheLikeHuggingfaceHub()
    {
        string folder = await _bed.ResolveAsync();

        string snapshot = Path.Combine(_bed.RepoDir, "snapshots", _bed.Commit);
        Assert.Equal(Path.GetFullPath(snapshot), folder);
        Assert.Equal(_bed.Commit, File.ReadAllText(Path.Combine(_bed.RepoDir, "refs", "main")));
        string[] fetched = ["config.json", "tokenizer.json", "tokenizer_config.json", "model.safetensors"];
        foreach (string name in fetched)
        {
            var file = _bed.Repo.Commits[_bed.Commit][name];
            var link = new FileInfo(Path.Combine(snapshot, name));
            Assert.Equal($"../../blobs/{file.Etag}", link.LinkTarget);
            Assert.Equal(file.Content, File.ReadAllBytes(_bed.BlobOf(name)));
            Assert.Equal(file.Content, File.ReadAllBytes(link.FullName));
        }
        Assert.False(File.Exists(Path.Combine(snapshot, "README.md")));
        Assert.False(File.Exists(Path.Combine(snapshot, "tiny-Q4_K_M.gguf")));
        Assert.Empty(Directory.GetFiles(Path.Combine(_bed.RepoDir, "blobs"), "*.incomplete"));
    }

    [Fact]
    public async Task SmallFileEtag_IsTheGitBlobSha1_AndLfsEtag_IsTheSha256()
    {
        await _bed.ResolveAsync();

        var config = _bed.Repo.Commits[_bed.Commit]["config.json"];
        var weights = _bed.Repo.Commits[_bed.Commit]["model.safetensors"];
        Assert.Equal(40, Path.GetFileName(_bed.BlobOf("config.json")).Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(weights.Content)),
            Path.GetFileName(_bed.BlobOf("model.safetensors")));
        Assert.True(File.Exists(_bed.BlobOf(config.Name)));
    }

    [Fact]
    public async Task SecondResolve_DownloadsNoFile()
    {
        string first = await _bed.ResolveAsync();
        int before = _bed.Hub.FileRequests;

        string second = await _bed.ResolveAsync();

        Assert.Equal(first, second);
        Assert.True(before >= 4, $"expected the first resolve to fetch files, saw {before} requests");
        Assert.Equal(before, _bed.Hub.FileRequests);
    }

    [Fact]
    public async Task DanglingSnapshotLink_IsDownloadedAgain()
    {
        await _bed.ResolveAsync();
        File.Delete(_bed.BlobOf("model.safetensors"));

        string folder = await _bed.ResolveAsync();

        Assert.Equal(_bed.Repo.Commits[_bed.Commit]["model.safetensors"].Content,
            File.ReadAllBytes(Path.Combine(folder, "model.safetensors")));
    }

    [Fact]
    public async Task ShardedIndex_DownloadsEveryShard()
    {
        var repo = new FakeRepo("org/sharded");
        string index = """
            {"metadata":{"total_size":3000},
             "weight_map":{"a.weight":"model-00001-of-00002.safetensors",
                           "b.weight":"model-00002-of-00002.safetensors",
                           "c.weight":"model-00001-of-00002.safetensors"}}
            """;
        string commit = repo.AddCommit("main",
            FakeRepo.Text("config.json", "{}"),
            FakeRepo.Text("model.safetensors.index.json", index),
            FakeRepo.Binary("model-00001-of-00002.safetensors", 2000, seed: 3),
            FakeRepo.Binary("model-00002-of-00002.safetensors", 1000, seed: 4),
            FakeRepo.Binary("other.safetensors", 10, seed: 5));
        _bed.Hub.Add(repo);

        string folder = await _bed.ResolveAsync("org/sharded");

        Assert.Equal(repo.Commits[commit]["model-00001-of-00002.safetensors"].Content,
            File.ReadAllBytes(Path.Combine(folder, "model-00001-of-00002.safetensors")));
        Assert.Equal(repo.Commits[commit]["model-00002-of-00002.safetensors"].Content,
            File.ReadAllBytes(Path.Combine(folder, "model-00002-of-00002.safetensors")));
        Assert.True(File.Exists(Path.Combine(folder, "model.safetensors.index.json")));
        Assert.False(File.Exists(Path.Combine(folder, "other.safetensors")));
    }

    [Fact]
    public async Task Revision_ResolvesItsCommit_AndWritesItsRef()
    {
        string v1 = _bed.Repo.AddCommit("v1", FakeRepo.Text("config.json", "{\"v\":1}"),
            FakeRepo.Binary("model.safetensors", 500, seed: 9));
        _bed.Hub.Add(_bed.Repo);

        string folder = await _bed.ResolveAsync("org/tiny@v1");

        Assert.Equal(Path.GetFullPath(Path.Combine(_bed.RepoDir, "snapshots", v1)), folder);
        Assert.Equal(v1, File.ReadAllText(Path.Combine(_bed.RepoDir, "refs", "v1")));
        Assert.Equal("{\"v\":1}", File.ReadAllText(Path.Combine(folder, "config.json")));
        Assert.False(File.Exists(Path.Combine(_bed.RepoDir, "refs", "main")));
    }

    [Fact]
    public async Task CommitHashRevision_WritesNoRef()
    {
        string folder = await _bed.ResolveAsync($"org/tiny@{_bed.Commit}");

        Assert.EndsWith(_bed.Commit, folder);
        Assert.False(Directory.Exists(Path.Combine(_bed.RepoDir, "refs")));
    }

    [Fact]
    public async Task Gguf_IsFetchedOnlyWhenAskedFor()
    {
        string folder = await _bed.ResolveAsync(files: ["*.gguf"]);

        Assert.True(File.Exists(Path.Combine(folder, "tiny-Q4_K_M.gguf")));
        Assert.True(File.Exists(Path.Combine(folder, "config.json")));
        Assert.False(File.Exists(Path.Combine(folder, "model.safetensors")));
    }

    [Fact]
    public async Task Progress_EndsAtTheFullSizeOfEveryFile()
    {
        var log = new ProgressLog();

        await _bed.ResolveAsync(progress: log);

        var last = log.Reports.GroupBy(r => r.FileName).ToDictionary(g => g.Key, g => g.Last());
        Assert.Equal(4, last.Count);
        foreach (var (name, report) in last)
            Assert.Equal(_bed.Repo.Commits[_bed.Commit][name].Content.Length, report.TotalBytes);
        Assert.All(last.Values, r => Assert.Equal(r.TotalBytes, r.BytesDone));
        int weightReports = log.Reports.Count(r => r.FileName == "model.safetensors");
        Assert.True(weightReports > 3, $"expected reports along the way, got {weightReports}");
    }

    [Fact]
    public async Task LocalFolder_IsReturnedAsIs_WithoutRequests()
    {
        string local = Path.Combine(_bed.CacheDir, "my-model");
        Directory.CreateDirectory(local);

        string folder = await _bed.ResolveAsync(local);

        Assert.Equal(local, folder);
        Assert.Empty(_bed.Hub.Requests);
    }
}
