using System.Net;

namespace Vane.Loading.Hub;

/// <summary>
/// Turns failed hub requests into <see cref="HubException"/>s whose message names the target,
/// the URL and the way out. The hub explains many failures in an X-Error-Code header
/// (RepoNotFound, RevisionNotFound, EntryNotFound, GatedRepo); it is used when present.
/// </summary>
internal static class HubErrors
{
    /// <summary>The error for a failed <paramref name="response"/> about <paramref name="target"/>.</summary>
    public static HubException FromStatus(HttpResponseMessage response, string target, HubOptions options)
    {
        int code = (int)response.StatusCode;
        string url = response.RequestMessage?.RequestUri?.ToString() ?? options.Endpoint;
        string? errorCode = Header(response, "X-Error-Code");
        string detail = Header(response, "X-Error-Message") is { } m ? $" The hub says: {m}" : "";

        if (errorCode is "RepoNotFound" || response.StatusCode == HttpStatusCode.NotFound)
            return NotFound(target, code, url, errorCode, options.Token is not null, detail);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            return Denied(target, code, url, options.Token is not null, detail);
        return new HubException(HubErrorKind.Network,
            $"{target}: the hub answered HTTP {code} {response.ReasonPhrase} for {url}.{detail}");
    }

    /// <summary>The error for a request that got no answer at all (DNS, refused, reset, timeout).</summary>
    public static HubException Unreachable(Uri url, HubOptions options, Exception inner) => new(
        HubErrorKind.Network,
        $"Could not reach the hub at {options.Endpoint} ({url}): {inner.Message} "
        + "Check the network or HF_ENDPOINT, or set HF_HUB_OFFLINE=1 to use only the cache in "
        + $"{options.CacheDir}.",
        inner);

    static HubException NotFound(
        string target, int code, string url, string? errorCode, bool hasToken, string detail)
    {
        string what = errorCode switch
        {
            "RevisionNotFound" => "revision not found",
            "EntryNotFound" => "file not found",
            "RepoNotFound" => "repo not found",
            _ => "not found",
        };
        string hint = errorCode is "RepoNotFound" && !hasToken
            ? " Check the name; if the repo is private, set HF_TOKEN to a token that can read it."
            : " Check the repo name and the revision (branch, tag or commit).";
        return new HubException(HubErrorKind.NotFound,
            $"{target}: {what} (HTTP {code} for {url}).{hint}{detail}");
    }

    static HubException Denied(string target, int code, string url, bool hasToken, string detail)
    {
        string hint = hasToken
            ? " A token was sent but does not grant access: check that HF_TOKEN can read this repo"
              + " and that you accepted its terms on the hub if it is gated."
            : " The repo is gated or private: accept its terms on the hub if it is gated, then set"
              + " HF_TOKEN to an access token with read permission.";
        return new HubException(HubErrorKind.Unauthorized,
            $"{target}: access denied (HTTP {code} for {url}).{hint}{detail}");
    }

    static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
