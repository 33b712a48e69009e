namespace Vane.Loading.Hub;

/// <summary>
/// Hub etags: the git blob sha1 (40 hex) for small files and the content's sha256 (64 hex)
/// for LFS files. The etag names the blob in the cache, so it is normalized exactly as
/// huggingface_hub does: a weak <c>W/</c> prefix and the quotes are dropped.
/// </summary>
internal static class Etag
{
    /// <summary>Strips <c>W/</c> and surrounding quotes from a raw ETag header value.</summary>
    public static string Normalize(string raw)
    {
        string value = raw.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal))
            value = value[2..];
        return value.Trim('"');
    }

    /// <summary>Whether <paramref name="etag"/> is a sha256 digest, the etag of LFS files.</summary>
    public static bool IsSha256(string etag) => IsHex(etag, 64);

    /// <summary>Whether <paramref name="value"/> is a 40-hex git sha1 (a blob or a commit).</summary>
    public static bool IsGitSha1(string value) => IsHex(value, 40);

    /// <summary>Whether the etag can name a blob file: no separators, quotes or dot-names.</summary>
    public static bool IsSafeFileName(string etag) =>
        etag.Length > 0 && etag != "." && etag != ".."
        && etag.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    static bool IsHex(string value, int length) =>
        value.Length == length && value.All(char.IsAsciiHexDigitLower);
}
