namespace Vane.Loading.Hub;

/// <summary>
/// What a HEAD request on <c>{endpoint}/{repo}/resolve/{revision}/{file}</c> says about a file.
/// For LFS files the hub answers with a redirect to a CDN and puts the real values in the
/// X-Linked-Etag and X-Linked-Size headers; for small files ETag and Content-Length apply.
/// </summary>
/// <param name="FileName">The file's path inside the repo.</param>
/// <param name="CommitHash">The commit the file was resolved at (X-Repo-Commit), if the hub sent it.</param>
/// <param name="Etag">
/// The normalized etag: sha256 of the content for LFS files, git blob sha1 otherwise.
/// </param>
/// <param name="Size">The file size in bytes, or null when the hub did not say.</param>
public sealed record FileMetadata(string FileName, string? CommitHash, string Etag, long? Size);
