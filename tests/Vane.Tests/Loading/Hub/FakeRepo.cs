using System.Security.Cryptography;
using System.Text;

namespace Vane.Tests.Loading.Hub;

/// <summary>One file of a fake repo, with the etag the real hub would give it.</summary>
public sealed record FakeFile(string Name, byte[] Content, bool Lfs)
{
    /// <summary>sha256 of the content for LFS files, else the git blob sha1 of "blob {len}\0" + content.</summary>
    public string Etag => Lfs
        ? Convert.ToHexStringLower(SHA256.HashData(Content))
        : Convert.ToHexStringLower(SHA1.HashData(
            [.. Encoding.ASCII.GetBytes($"blob {Content.Length}\0"), .. Content]));
}

/// <summary>A fake repo: commits, each a set of files, and branch or tag names pointing at them.</summary>
public sealed class FakeRepo(string repoId)
{
    /// <summary>The repo, org/name.</summary>
    public string RepoId { get; } = repoId;

    /// <summary>Commit hash to its files by name.</summary>
    public Dictionary<string, Dictionary<string, FakeFile>> Commits { get; } = [];

    /// <summary>Branch or tag name to commit hash.</summary>
    public Dictionary<string, string> Refs { get; } = [];

    /// <summary>Adds a commit of <paramref name="files"/>; <paramref name="revision"/> points at it.</summary>
    public string AddCommit(string revision, params FakeFile[] files)
    {
        string commit = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes($"{RepoId}:{revision}")));
        Commits[commit] = files.ToDictionary(f => f.Name);
        Refs[revision] = commit;
        return commit;
    }

    /// <summary>The commit a revision (a ref or a commit hash) names, or null.</summary>
    public string? CommitOf(string revision) =>
        Refs.TryGetValue(revision, out var c) ? c : Commits.ContainsKey(revision) ? revision : null;

    /// <summary>A small (non-LFS) text file.</summary>
    public static FakeFile Text(string name, string text) =>
        new(name, Encoding.UTF8.GetBytes(text), Lfs: false);

    /// <summary>An LFS file of <paramref name="size"/> random bytes from <paramref name="seed"/>.</summary>
    public static FakeFile Binary(string name, int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return new FakeFile(name, bytes, Lfs: true);
    }
}
