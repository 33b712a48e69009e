using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace Vane.Loading.Hub;

/// <summary>
/// Downloads one file into its blob: streams to <c>blobs/{etag}.incomplete</c>, resumes a partial
/// file with a Range request (also after a connection drops mid-file, up to
/// <see cref="MaxAttempts"/> tries), checks the size and, for LFS files, the sha256, then renames
/// the blob into place. A blob that fails the checks is deleted; an interrupted one is kept to resume.
/// </summary>
internal sealed class BlobDownloader(HubClient client, ILogger logger)
{
    /// <summary>Tries per file when the connection drops mid-download; each try resumes.</summary>
    public const int MaxAttempts = 3;

    const int BufferSize = 1 << 20;
    const long ReportEvery = 256 * 1024;

    /// <summary>Makes sure the blob for <paramref name="meta"/> is in the cache; returns its path.</summary>
    public async Task<string> FetchAsync(
        HubCache cache,
        string commit,
        FileMetadata meta,
        IProgress<DownloadProgress>? progress,
        CancellationToken ct)
    {
        string blob = cache.BlobPath(meta.Etag);
        if (File.Exists(blob))
            return blob; // shared with another file or snapshot
        using var held = await BlobLock.AcquireAsync(cache.LockPath(meta.Etag), ct);
        if (File.Exists(blob))
            return blob; // another process finished it while we waited

        Directory.CreateDirectory(Path.GetDirectoryName(blob)!);
        string partial = cache.IncompletePath(meta.Etag);
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await DownloadToAsync(partial, cache.RepoId, commit, meta, progress, ct);
                break;
            }
            catch (HubException e) when (
                e.Kind == HubErrorKind.Network && attempt < MaxAttempts && File.Exists(partial))
            {
                logger.LogWarning("Download of {File} interrupted ({Reason}); resuming, try {Attempt} of {Max}",
                    meta.FileName, e.InnerException?.Message ?? e.Message, attempt + 1, MaxAttempts);
            }
        }
        File.Move(partial, blob, overwrite: true);
        return blob;
    }

    // One try: resume or start, stream the body, then verify. Throws Network when the body is cut.
    async Task DownloadToAsync(
        string partial,
        string repoId,
        string commit,
        FileMetadata meta,
        IProgress<DownloadProgress>? progress,
        CancellationToken ct)
    {
        long offset = ResumeOffset(partial, meta.Size);
        if (offset > 0)
            logger.LogInformation("Resuming {File} at byte {Offset} of {Size}",
                meta.FileName, offset, meta.Size);
        using var response = await client.OpenFileAsync(repoId, commit, meta.FileName, offset, ct);
        if (response.StatusCode != HttpStatusCode.PartialContent)
            offset = 0; // the server sent the whole file: start over
        else if (response.Content.Headers.ContentRange?.From != offset)
            throw new HubException(HubErrorKind.Network,
                $"File '{meta.FileName}': asked for bytes from {offset}, the server sent "
                + $"'{response.Content.Headers.ContentRange}'.");
        long? total = meta.Size ?? (response.Content.Headers.ContentLength + offset);

        using var hash = Etag.IsSha256(meta.Etag) ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
        long done;
        await using (var file = new FileStream(partial, offset > 0 ? FileMode.Open : FileMode.Create,
            FileAccess.ReadWrite, FileShare.None, BufferSize, useAsync: true))
        {
            if (hash is not null && offset > 0)
                await HashPrefixAsync(file, offset, hash, ct);
            file.Position = offset;
            file.SetLength(offset);
            var report = new DownloadProgress(meta.FileName, offset, total);
            progress?.Report(report);
            done = await CopyBodyAsync(response, file, hash, report, progress, ct);
        }
        Verify(partial, meta, done, total, hash);
        progress?.Report(new DownloadProgress(meta.FileName, done, total));
    }

    // Where to resume: the partial file's length, or 0 when there is none or it cannot be right.
    static long ResumeOffset(string partial, long? size)
    {
        var info = new FileInfo(partial);
        if (!info.Exists)
            return 0;
        if (size is null || info.Length >= size)
        {
            info.Delete();
            return 0;
        }
        return info.Length;
    }

    static async Task HashPrefixAsync(FileStream file, long length, IncrementalHash hash, CancellationToken ct)
    {
        byte[] buffer = new byte[BufferSize];
        file.Position = 0;
        for (long left = length; left > 0;)
        {
            int n = await file.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), ct);
            if (n == 0)
                break;
            hash.AppendData(buffer, 0, n);
            left -= n;
        }
    }

    // Streams the response body to the file; returns the file length. Each read has its own deadline.
    async Task<long> CopyBodyAsync(
        HttpResponseMessage response,
        FileStream file,
        IncrementalHash? hash,
        DownloadProgress report,
        IProgress<DownloadProgress>? progress,
        CancellationToken ct)
    {
        byte[] buffer = new byte[BufferSize];
        long done = report.BytesDone, lastReport = done;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            while (true)
            {
                deadline.CancelAfter(client.Options.RequestTimeout);
                int n = await body.ReadAsync(buffer, deadline.Token);
                if (n == 0)
                    return done;
                await file.WriteAsync(buffer.AsMemory(0, n), ct);
                hash?.AppendData(buffer, 0, n);
                done += n;
                if (done - lastReport >= ReportEvery)
                {
                    progress?.Report(report with { BytesDone = done });
                    lastReport = done;
                }
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException
            || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            throw new HubException(HubErrorKind.Network,
                $"File '{report.FileName}': the download from {client.Options.Endpoint} stopped at {done} of "
                + $"{report.TotalBytes?.ToString() ?? "?"} bytes ({e.Message}). Run again to resume it.", e);
        }
    }

    // Size and, for LFS files, sha256 must match the hub's; a bad blob is deleted, never kept.
    static void Verify(string partial, FileMetadata meta, long done, long? total, IncrementalHash? hash)
    {
        string? problem = null;
        if (total is { } expected && done != expected)
            problem = $"size mismatch: expected {expected} bytes, got {done}";
        else if (hash is not null
            && Convert.ToHexStringLower(hash.GetHashAndReset()) is var got && got != meta.Etag)
            problem = $"sha256 mismatch: expected {meta.Etag}, got {got}";
        if (problem is null)
            return;
        File.Delete(partial);
        throw new HubException(HubErrorKind.Integrity,
            $"File '{meta.FileName}': {problem}. The corrupt download was deleted; run again to retry, "
            + "and check HF_ENDPOINT or any proxy if it keeps failing.");
    }
}
