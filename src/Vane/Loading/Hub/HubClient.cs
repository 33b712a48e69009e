using System.Net.Http.Headers;
using System.Text.Json;

namespace Vane.Loading.Hub;

/// <summary>
/// The HTTP side of the hub: the model info API, file metadata (HEAD) and file content (GET,
/// optionally from an offset). Redirects are followed by hand, as huggingface_hub does: metadata
/// requests follow only relative redirects (a renamed repo) and read the headers of the redirect
/// to the CDN; the token is sent only to the endpoint's host, never to the CDN. Knows nothing of the cache.
/// </summary>
public sealed class HubClient : IDisposable
{
    const int MaxRedirects = 10;

    readonly HubOptions _options;
    readonly HttpClient _http;

    /// <summary>
    /// Creates a client for <paramref name="options"/>; <paramref name="handler"/> replaces the
    /// default socket handler (for tests or proxies) and is disposed with the client.
    /// </summary>
    public HubClient(HubOptions options, HttpMessageHandler? handler = null)
    {
        _options = options;
        handler ??= new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectTimeout = options.RequestTimeout,
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("vane/0.1");
    }

    /// <summary>The options the client was made with.</summary>
    public HubOptions Options => _options;

    /// <summary>Lists the files of the repo of <paramref name="spec"/> and the commit its revision names.</summary>
    public async Task<RepoInfo> GetRepoInfoAsync(ModelSpec spec, CancellationToken ct)
    {
        Uri url = HubUrls.ModelInfo(_options.Endpoint, spec.RepoId, spec.Revision);
        string target = $"Model '{spec.RepoId}' at revision '{spec.Revision}'";
        using var response = await SendAsync(HttpMethod.Get, url, null, followCdn: true, ct);
        if (!response.IsSuccessStatusCode)
            throw HubErrors.FromStatus(response, target, _options);

        using var limit = Deadline(ct);
        string json = await Guard(url, () => response.Content.ReadAsStringAsync(limit.Token), ct);
        return ParseRepoInfo(spec, url, json);
    }

    /// <summary>
    /// Asks for a file's etag, size and commit with a HEAD request, without following the
    /// redirect to the CDN (the hub's redirect already carries X-Linked-Etag and X-Linked-Size).
    /// </summary>
    public async Task<FileMetadata> GetFileMetadataAsync(
        string repoId,
        string revision,
        string fileName,
        CancellationToken ct)
    {
        Uri url = HubUrls.Resolve(_options.Endpoint, repoId, revision, fileName);
        using var response = await SendAsync(HttpMethod.Head, url, null, followCdn: false, ct);
        bool redirect = (int)response.StatusCode is >= 300 and < 400;
        if (!response.IsSuccessStatusCode && !redirect)
            throw HubErrors.FromStatus(response, FileTarget(repoId, revision, fileName), _options);

        string? rawEtag = Header(response, "X-Linked-Etag")
            ?? response.Headers.ETag?.Tag
            ?? Header(response, "ETag");
        if (rawEtag is null || !Etag.IsSafeFileName(Etag.Normalize(rawEtag)))
            throw new HubException(HubErrorKind.Network,
                $"{FileTarget(repoId, revision, fileName)}: the hub sent no usable ETag for {url} "
                + $"(got '{rawEtag ?? "none"}', expected a sha1 or sha256). "
                + "Is HF_ENDPOINT a Hugging Face hub?");
        long? size = long.TryParse(Header(response, "X-Linked-Size"), out long linked)
            ? linked
            : response.Content.Headers.ContentLength;
        return new FileMetadata(fileName, Header(response, "X-Repo-Commit"), Etag.Normalize(rawEtag), size);
    }

    /// <summary>
    /// Starts downloading a file from byte <paramref name="offset"/> (a Range request when above 0),
    /// following redirects to the CDN. The caller owns the response and reads its body; the status
    /// is 200 (whole file) or 206 (from the offset). Other statuses throw <see cref="HubException"/>.
    /// </summary>
    public async Task<HttpResponseMessage> OpenFileAsync(
        string repoId,
        string revision,
        string fileName,
        long offset,
        CancellationToken ct)
    {
        Uri url = HubUrls.Resolve(_options.Endpoint, repoId, revision, fileName);
        var range = offset > 0 ? new RangeHeaderValue(offset, null) : null;
        var response = await SendAsync(HttpMethod.Get, url, range, followCdn: true, ct);
        if (response.IsSuccessStatusCode)
            return response;
        using (response)
            throw HubErrors.FromStatus(response, FileTarget(repoId, revision, fileName), _options);
    }

    /// <summary>Closes the connections.</summary>
    public void Dispose() => _http.Dispose();

    // Sends one request and follows redirects: relative ones always, absolute ones (the CDN)
    // only when followCdn. Only response headers are awaited; bodies are read by the caller.
    async Task<HttpResponseMessage> SendAsync(
        HttpMethod method,
        Uri url,
        RangeHeaderValue? range,
        bool followCdn,
        CancellationToken ct)
    {
        for (int hop = 0; ; hop++)
        {
            using var request = new HttpRequestMessage(method, url);
            request.Headers.Range = range;
            request.Headers.AcceptEncoding.ParseAdd("identity");
            if (_options.Token is { } token && IsEndpointHost(url))
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

            using var limit = Deadline(ct);
            var response = await Guard(url,
                () => _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token), ct);
            if ((int)response.StatusCode is < 300 or >= 400 || response.Headers.Location is null)
                return response;

            // a relative Location is the hub itself (a renamed repo); an absolute one is the CDN
            bool relative = !response.Headers.Location.IsAbsoluteUri;
            if ((!relative && !followCdn) || hop >= MaxRedirects)
                return response;
            response.Dispose();
            url = new Uri(url, response.Headers.Location);
        }
    }

    // Runs a network call; failures without an HTTP status become a HubException naming the endpoint.
    async Task<T> Guard<T>(Uri url, Func<Task<T>> call, CancellationToken ct)
    {
        try
        {
            return await call();
        }
        catch (HttpRequestException e)
        {
            throw HubErrors.Unreachable(url, _options, e);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw HubErrors.Unreachable(url, _options, new TimeoutException(
                $"no answer within {_options.RequestTimeout.TotalSeconds:0} s.", e));
        }
    }

    CancellationTokenSource Deadline(CancellationToken ct)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(_options.RequestTimeout);
        return cts;
    }

    bool IsEndpointHost(Uri url) =>
        Uri.TryCreate(_options.Endpoint, UriKind.Absolute, out var endpoint)
        && endpoint.Authority == url.Authority;

    static RepoInfo ParseRepoInfo(ModelSpec spec, Uri url, string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            string? sha = root.TryGetProperty("sha", out var s) ? s.GetString() : null;
            if (sha is null || !Etag.IsGitSha1(sha))
                throw new HubException(HubErrorKind.Network,
                    $"{url}: field 'sha' is '{sha ?? "missing"}', expected a 40-hex commit hash.");
            var files = root.TryGetProperty("siblings", out var sib) && sib.ValueKind == JsonValueKind.Array
                ? sib.EnumerateArray().Select(e => e.GetProperty("rfilename").GetString()!).ToArray()
                : [];
            return new RepoInfo(spec.RepoId, sha, files);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new HubException(HubErrorKind.Network,
                $"{url}: the model info is not the JSON expected (sha, siblings[].rfilename): {e.Message}", e);
        }
    }

    static string FileTarget(string repoId, string revision, string fileName) =>
        $"File '{fileName}' of '{repoId}' at '{revision}'";

    static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
