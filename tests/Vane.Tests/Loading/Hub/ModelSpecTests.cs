using Vane.Loading.Hub;

namespace Vane.Tests.Loading.Hub;

/// <summary>Parsing org/name[@revision], and the etag and cache-path rules it leads to.</summary>
public sealed class ModelSpecTests
{
    [Theory]
    [InlineData("Qwen/Qwen2.5-0.5B", "Qwen/Qwen2.5-0.5B", "main")]
    [InlineData("org/name@v1.0", "org/name", "v1.0")]
    [InlineData("org/name@refs/pr/1", "org/name", "refs/pr/1")]
    public void Parse_SplitsRepoAndRevision(string spec, string repo, string revision)
    {
        Assert.Equal(new ModelSpec(repo, revision), ModelSpec.Parse(spec));
    }

    [Fact]
    public void CommitHash_IsRecognised()
    {
        Assert.True(ModelSpec.Parse("o/n@" + new string('a', 40)).IsCommitHash);
        Assert.False(ModelSpec.Parse("o/n@main").IsCommitHash);
    }

    [Theory]
    [InlineData("\"abc\"", "abc")]
    [InlineData("W/\"abc\"", "abc")]
    [InlineData("abc", "abc")]
    public void Etag_IsNormalizedLikeHuggingfaceHub(string raw, string expected)
    {
        Assert.Equal(expected, Etag.Normalize(raw));
    }

    [Fact]
    public void CachePaths_FollowTheHubLayout()
    {
        var cache = new HubCache("/c", "org/name");

        string repo = Path.Combine("/c", "models--org--name");
        Assert.Equal(repo, cache.RepoDir);
        Assert.Equal(Path.Combine(repo, "blobs", "e.incomplete"), cache.IncompletePath("e"));
        Assert.Equal(Path.Combine(repo, "refs", "refs", "pr", "1"), cache.RefPath("refs/pr/1"));
        Assert.Equal(Path.Combine("/c", ".locks", "models--org--name", "e.lock"), cache.LockPath("e"));
    }

    [Fact]
    public void NestedSnapshotFile_LinksWithOneMoreParentStep()
    {
        string root = Path.Combine(Path.GetTempPath(), "vane-link-" + Guid.NewGuid().ToString("N"));
        try
        {
            var cache = new HubCache(root, "org/name");
            Directory.CreateDirectory(Path.GetDirectoryName(cache.BlobPath("e1"))!);
            File.WriteAllText(cache.BlobPath("e1"), "x");

            cache.LinkIntoSnapshot("c1", "sub/file.json", "e1");

            var link = new FileInfo(cache.SnapshotFile("c1", "sub/file.json"));
            Assert.Equal("../../../blobs/e1", link.LinkTarget);
            Assert.Equal("x", File.ReadAllText(link.FullName));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
