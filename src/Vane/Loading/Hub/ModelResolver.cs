using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Vane.Loading.Hub;

/// <summary>
/// Turns what the user passed to <c>--model</c> into a local folder: an existing folder as is,
/// otherwise <c>org/name[@revision]</c> through the Hugging Face cache, downloading only the files
/// Vane needs that the snapshot lacks. The cache is shared with huggingface_hub.
/// </summary>
public sealed class ModelResolver : IDisposable
{
    readonly HubOptions _options;
    readonly HubClient _client;
    readonly BlobDownloader _downloader;
    readonly ILogger _logger;

    /// <summary>
    /// Creates a resolver for <paramref name="options"/>; <paramref name="handler"/> replaces the
    /// HTTP handler (it must not follow redirects itself) and <paramref name="logger"/> receives
    /// what is resolved and downloaded.
    /// </summary>
    public ModelResolver(HubOptions options, ILogger? logger = null, HttpMessageHandler? handler = null)
    {
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _client = new HubClient(options, handler);
        _downloader = new BlobDownloader(_client, _logger);
    }

    /// <summary>
    /// Resolves <paramref name="spec"/> with Vane's default file set (config, tokenizer and
    /// safetensors weights) and returns the local folder. Throws <see cref="HubException"/> when
    /// the spec is malformed, the hub refuses or lacks the model, or offline mode finds no cache.
    /// </summary>
    public Task<string> ResolveAsync(
        string spec,
        IProgress<DownloadProgress>? progress,
        CancellationToken ct) =>
        ResolveAsync(spec, files: null, progress, ct);

    /// <summary>
    /// Resolves <paramref name="spec"/> and returns the local folder (the spec itself when it is an
    /// existing folder, else the snapshot folder). <paramref name="files"/> are globs naming the
    /// weight files to fetch instead of the default safetensors ones, e.g. <c>*Q4_K_M.gguf</c>;
    /// null keeps the default. Config and tokenizer files are fetched whenever the repo has them,
    /// and a matched <c>*.safetensors.index.json</c> brings every shard it names.
    /// </summary>
    public async Task<string> ResolveAsync(
        string spec,
        IReadOnlyCollection<string>? files,
        IProgress<DownloadProgress>? progress,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (Directory.Exists(spec))
            return spec;
        var model = ParseSpec(spec);
        var cache = new HubCache(_options.CacheDir, model.RepoId);
        if (_options.Offline)
        {
            string cached = CacheLookup.Resolve(cache, model, files);
            _logger.LogInformation("Resolved {Model} offline to {Folder}", model, cached);
            return cached;
        }

        _logger.LogInformation("Resolving {Model} at {Endpoint}", model, _options.Endpoint);
        var repo = await _client.GetRepoInfoAsync(model, ct);
        if (!model.IsCommitHash)
            cache.WriteRef(model.Revision, repo.CommitHash);

        var wanted = FileSelection.Select(repo, files);
        await FetchAllAsync(cache, repo, wanted, progress, ct);
        var shards = wanted.Where(FileSelection.IsIndex)
            .SelectMany(ix => ShardsOf(cache, repo, ix))
            .ToArray();
        await FetchAllAsync(cache, repo, shards, progress, ct);

        string folder = Path.GetFullPath(cache.SnapshotDir(repo.CommitHash));
        _logger.LogInformation("Resolved {Model} to commit {Commit} in {Folder}",
            model, repo.CommitHash, folder);
        return folder;
    }

    /// <summary>Closes the HTTP connections.</summary>
    public void Dispose() => _client.Dispose();

    static ModelSpec ParseSpec(string spec)
    {
        bool looksLikePath = spec.StartsWith('.') || spec.StartsWith('/') || spec.StartsWith('~')
            || spec.Contains('\\') || spec.Count(c => c == '/') > 1;
        if (looksLikePath && !spec.Contains('@'))
            throw new HubException(HubErrorKind.BadSpec,
                $"Model '{spec}': no such folder ({Path.GetFullPath(spec)}), "
                + "and not of the form org/name[@revision].");
        return ModelSpec.Parse(spec);
    }

    async Task FetchAllAsync(
        HubCache cache,
        RepoInfo repo,
        IReadOnlyList<string> files,
        IProgress<DownloadProgress>? progress,
        CancellationToken ct)
    {
        var missing = files.Where(f => !cache.HasFile(repo.CommitHash, f)).ToArray();
        _logger.LogInformation("{Repo}: {Missing} of {Wanted} files to download",
            repo.RepoId, missing.Length, files.Count);
        foreach (string file in missing)
        {
            var meta = await _client.GetFileMetadataAsync(repo.RepoId, repo.CommitHash, file, ct);
            _logger.LogInformation("Downloading {File} ({Size} bytes, etag {Etag})",
                file, meta.Size, meta.Etag);
            await _downloader.FetchAsync(cache, repo.CommitHash, meta, progress, ct);
            cache.LinkIntoSnapshot(repo.CommitHash, file, meta.Etag);
        }
    }

    // The index is in the snapshot by now; every shard it names must be a file of the repo.
    static IReadOnlyList<string> ShardsOf(HubCache cache, RepoInfo repo, string index)
    {
        var shards = ShardIndex.ReadShards(cache.SnapshotFile(repo.CommitHash, index), index);
        var files = repo.Files.ToHashSet(StringComparer.Ordinal);
        if (shards.FirstOrDefault(s => !files.Contains(s)) is { } absent)
            throw new HubException(HubErrorKind.MissingFiles,
                $"Model '{repo.RepoId}' at commit {repo.CommitHash}: {index} names shard '{absent}', "
                + "which is not in the repo.");
        return shards;
    }
}
