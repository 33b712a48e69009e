using Vane.Loading.Hub;

namespace Vane.Tests.Loading.Hub;

/// <summary>
/// A temp cache folder, a fake hub serving a small model, and helpers to resolve against them.
/// The model "org/tiny" has config and tokenizer files, one LFS safetensors file, a README
/// (never fetched) and a GGUF file (fetched only when asked). Deleted on dispose.
/// </summary>
public sealed class HubTestBed : IDisposable
{
    /// <summary>The fake model's repo id.</summary>
    public const string RepoId = "org/tiny";

    /// <summary>Creates the cache folder and starts the hub with <see cref="Repo"/> on it.</summary>
    public HubTestBed()
    {
        CacheDir = Path.Combine(Path.GetTempPath(), "vane-hub-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(CacheDir);
        Repo = new FakeRepo(RepoId);
        Commit = Repo.AddCommit("main",
            FakeRepo.Text("config.json", """{"model_type":"llama"}"""),
            FakeRepo.Text("tokenizer.json", """{"model":{}}"""),
            FakeRepo.Text("tokenizer_config.json", """{"add_bos_token":true}"""),
            FakeRepo.Text("README.md", "# tiny"),
            FakeRepo.Binary("model.safetensors", 3_000_000, seed: 1),
            FakeRepo.Binary("tiny-Q4_K_M.gguf", 1000, seed: 2));
        Hub = new FakeHub(Repo);
    }

    /// <summary>The hub cache folder for this test.</summary>
    public string CacheDir { get; }

    /// <summary>The fake model.</summary>
    public FakeRepo Repo { get; }

    /// <summary>The commit "main" points at.</summary>
    public string Commit { get; }

    /// <summary>The running fake hub.</summary>
    public FakeHub Hub { get; }

    /// <summary>The repo's folder in the cache.</summary>
    public string RepoDir => Path.Combine(CacheDir, "models--org--tiny");

    /// <summary>Options pointing at the fake hub and the temp cache.</summary>
    public HubOptions Options(string? token = null, bool offline = false) => new()
    {
        Endpoint = Hub.Endpoint,
        CacheDir = CacheDir,
        Token = token,
        Offline = offline,
        RequestTimeout = TimeSpan.FromSeconds(10),
    };

    /// <summary>Resolves <paramref name="spec"/> with fresh options and returns the folder.</summary>
    public async Task<string> ResolveAsync(
        string spec = RepoId,
        HubOptions? options = null,
        IReadOnlyCollection<string>? files = null,
        IProgress<DownloadProgress>? progress = null)
    {
        using var resolver = new ModelResolver(options ?? Options());
        return await resolver.ResolveAsync(spec, files, progress, CancellationToken.None);
    }

    /// <summary>The blob file of a repo file, named by its etag.</summary>
    public string BlobOf(string fileName, string? commit = null) =>
        Path.Combine(RepoDir, "blobs", Repo.Commits[commit ?? Commit][fileName].Etag);

    /// <summary>Stops the hub and deletes the cache folder.</summary>
    public void Dispose()
    {
        Hub.Dispose();
        try
        {
            Directory.Delete(CacheDir, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a temp folder left behind is harmless
        }
    }
}
