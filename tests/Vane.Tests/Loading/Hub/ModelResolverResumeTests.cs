using System.Security.Cryptography;
using Vane.Loading.Hub;

namespace Vane.Tests.Loading.Hub;

/// <summary>Partial downloads are resumed with Range requests; bad bytes are never kept.</summary>
public sealed class ModelResolverResumeTests : IDisposable
{
    const string Weights = "model.safetensors";

    readonly HubTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    FakeFile WeightsFile => _bed.Repo.Commits[_bed.Commit][Weights];

    [Fact]
    public async Task PartialIncompleteFile_IsResumedWithARangeRequest()
    {
        Directory.CreateDirectory(Path.Combine(_bed.RepoDir, "blobs"));
        int half = WeightsFile.Content.Length / 2;
        File.WriteAllBytes(_bed.BlobOf(Weights) + ".incomplete", WeightsFile.Content[..half]);

        string folder = await _bed.ResolveAsync();

        var get = Assert.Single(_bed.Hub.Requests, r => r.Method == "GET" && r.Path.StartsWith("/cdn/"));
        Assert.Equal($"bytes={half}-", get.Range);
        byte[] blob = File.ReadAllBytes(Path.Combine(folder, Weights));
        Assert.Equal(WeightsFile.Etag, Convert.ToHexStringLower(SHA256.HashData(blob)));
        Assert.False(File.Exists(_bed.BlobOf(Weights) + ".incomplete"));
    }

    [Fact]
    public async Task ConnectionDroppedOnce_IsResumedInTheSameCall()
    {
        _bed.Hub.TruncateOnce = true;
        _bed.Hub.TruncateAfter[Weights] = 1_000_000;

        string folder = await _bed.ResolveAsync();

        var gets = _bed.Hub.Requests.Where(r => r.Method == "GET" && r.Path.StartsWith("/cdn/")).ToArray();
        Assert.Equal(2, gets.Length);
        Assert.Null(gets[0].Range);
        Assert.Equal("bytes=1000000-", gets[1].Range);
        Assert.Equal(WeightsFile.Content, File.ReadAllBytes(Path.Combine(folder, Weights)));
    }

    [Fact]
    public async Task ConnectionDroppingEveryTime_FailsAndKeepsThePartForTheNextRun()
    {
        _bed.Hub.TruncateAfter[Weights] = 500_000;

        var e = await Assert.ThrowsAsync<HubException>(() => _bed.ResolveAsync());

        Assert.Equal(HubErrorKind.Network, e.Kind);
        Assert.Contains(Weights, e.Message);
        Assert.Contains("resume", e.Message);
        long kept = new FileInfo(_bed.BlobOf(Weights) + ".incomplete").Length;
        Assert.Equal(BlobDownloader.MaxAttempts * 500_000, kept);

        _bed.Hub.TruncateAfter.Clear();
        string folder = await _bed.ResolveAsync();

        Assert.Equal($"bytes={kept}-", _bed.Hub.Requests.Last(r => r.Path.StartsWith("/cdn/")).Range);
        Assert.Equal(WeightsFile.Content, File.ReadAllBytes(Path.Combine(folder, Weights)));
    }

    [Fact]
    public async Task CorruptBytes_AreRejectedByHash_AndNotKept()
    {
        _bed.Hub.Corrupt[Weights] = true;

        var e = await Assert.ThrowsAsync<HubException>(() => _bed.ResolveAsync());

        Assert.Equal(HubErrorKind.Integrity, e.Kind);
        Assert.Contains(Weights, e.Message);
        Assert.Contains($"expected {WeightsFile.Etag}", e.Message);
        string got = Convert.ToHexStringLower(SHA256.HashData(Flip(WeightsFile.Content)));
        Assert.Contains($"got {got}", e.Message);
        Assert.False(File.Exists(_bed.BlobOf(Weights)));
        Assert.False(File.Exists(_bed.BlobOf(Weights) + ".incomplete"));
        Assert.False(File.Exists(Path.Combine(_bed.RepoDir, "snapshots", _bed.Commit, Weights)));
    }

    [Fact]
    public async Task StalePartialLongerThanTheFile_IsDiscarded()
    {
        Directory.CreateDirectory(Path.Combine(_bed.RepoDir, "blobs"));
        File.WriteAllBytes(_bed.BlobOf(Weights) + ".incomplete", new byte[WeightsFile.Content.Length + 5]);

        string folder = await _bed.ResolveAsync();

        Assert.DoesNotContain(_bed.Hub.Requests, r => r.Range is not null);
        Assert.Equal(WeightsFile.Content, File.ReadAllBytes(Path.Combine(folder, Weights)));
    }

    static byte[] Flip(byte[] content)
    {
        byte[] copy = (byte[])content.Clone();
        copy[copy.Length / 2] ^= 0xFF;
        return copy;
    }
}
