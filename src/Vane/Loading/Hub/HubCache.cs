namespace Vane.Loading.Hub;

/// <summary>
/// One repo's folder in the hub cache, laid out exactly as huggingface_hub lays it out:
/// <code>
/// {cache}/models--{org}--{name}/
///     blobs/{etag}                      file contents, named by etag
///     blobs/{etag}.incomplete           a download in progress
///     refs/{revision}                   text file: the commit hash the revision points at
///     snapshots/{commit}/{file}         symlink to ../../blobs/{etag}
/// {cache}/.locks/models--{org}--{name}/{etag}.lock
/// </code>
/// </summary>
public sealed class HubCache
{
    /// <summary>Maps a repo inside <paramref name="cacheDir"/>; nothing is created until written.</summary>
    public HubCache(string cacheDir, string repoId)
    {
        CacheDir = cacheDir;
        RepoId = repoId;
        string folderName = "models--" + repoId.Replace("/", "--", StringComparison.Ordinal);
        RepoDir = Path.Combine(cacheDir, folderName);
        LocksDir = Path.Combine(cacheDir, ".locks", folderName);
    }

    /// <summary>The hub cache folder holding all repos.</summary>
    public string CacheDir { get; }

    /// <summary>The repo, <c>org/name</c>.</summary>
    public string RepoId { get; }

    /// <summary>This repo's folder, <c>{cache}/models--org--name</c>.</summary>
    public string RepoDir { get; }

    /// <summary>Where the lock files guarding blob downloads live.</summary>
    public string LocksDir { get; }

    /// <summary>The path of the blob named <paramref name="etag"/>.</summary>
    public string BlobPath(string etag) => Path.Combine(RepoDir, "blobs", etag);

    /// <summary>The path a blob is downloaded to before it is complete and verified.</summary>
    public string IncompletePath(string etag) => BlobPath(etag) + ".incomplete";

    /// <summary>The lock file held while the blob named <paramref name="etag"/> is downloaded.</summary>
    public string LockPath(string etag) => Path.Combine(LocksDir, etag + ".lock");

    /// <summary>The snapshot folder of <paramref name="commit"/>.</summary>
    public string SnapshotDir(string commit) => Path.Combine(RepoDir, "snapshots", commit);

    /// <summary>The path of <paramref name="fileName"/> (a repo path with '/') inside a snapshot.</summary>
    public string SnapshotFile(string commit, string fileName) =>
        Path.Combine(SnapshotDir(commit), fileName.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>
    /// Whether <paramref name="fileName"/> is in the snapshot of <paramref name="commit"/> with its
    /// content: a dangling link (its blob deleted) does not count.
    /// </summary>
    public bool HasFile(string commit, string fileName) => IsReadableFile(SnapshotFile(commit, fileName));

    /// <summary>Whether <paramref name="path"/> is a file, or a link that ends at one.</summary>
    internal static bool IsReadableFile(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
            return false;
        return info.LinkTarget is null || info.ResolveLinkTarget(returnFinalTarget: true) is { Exists: true };
    }

    /// <summary>The file recording the commit <paramref name="revision"/> points at.</summary>
    public string RefPath(string revision) =>
        Path.Combine(RepoDir, "refs", revision.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>The commit recorded for <paramref name="revision"/>, or null when none is.</summary>
    public string? ReadRef(string revision)
    {
        string path = RefPath(revision);
        return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    }

    /// <summary>Records that <paramref name="revision"/> points at <paramref name="commit"/>.</summary>
    public void WriteRef(string revision, string commit)
    {
        string path = RefPath(revision);
        if (ReadRef(revision) == commit)
            return;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        string temp = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temp, commit);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>
    /// Makes <paramref name="fileName"/> in the snapshot of <paramref name="commit"/> point at the blob
    /// <paramref name="etag"/>: a relative symlink (<c>../../blobs/{etag}</c>, with one more
    /// <c>../</c> per subfolder), or a copy of the blob where symlinks cannot be made.
    /// </summary>
    public void LinkIntoSnapshot(string commit, string fileName, string etag)
    {
        string pointer = SnapshotFile(commit, fileName);
        string pointerDir = Path.GetDirectoryName(pointer)!;
        string blob = BlobPath(etag);
        Directory.CreateDirectory(pointerDir);
        if (new FileInfo(pointer) is { Exists: true } or { LinkTarget: not null })
            File.Delete(pointer); // a stale copy or link, possibly dangling
        try
        {
            File.CreateSymbolicLink(pointer, Path.GetRelativePath(pointerDir, blob));
        }
        catch (Exception e) when (
            e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            File.Copy(blob, pointer, overwrite: true);
        }
    }
}
