using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Vane.Tests.Loading.Hub;

/// <summary>A request the fake hub received.</summary>
public sealed record HubRequest(string Method, string Host, string Path, string? Range, string? Authorization);

/// <summary>
/// A local stand-in for the Hugging Face hub on 127.0.0.1 (a free port), in the hub's URL layout:
/// <c>GET /api/models/{repo}/revision/{rev}</c> answers sha and siblings; <c>HEAD|GET
/// /{repo}/resolve/{rev}/{file}</c> answers small files directly and redirects LFS files to
/// <c>http://localhost:{port}/cdn/{sha256}</c> (another host, like a CDN) with X-Linked-Etag and
/// X-Linked-Size, as the real hub does; the CDN needs no token. Range requests
/// are honoured. Faults: a required token, bodies cut after N bytes, corrupted bytes.
/// </summary>
public sealed class FakeHub : IDisposable
{
    readonly HttpListener _listener;
    readonly Dictionary<string, FakeRepo> _repos = [];
    readonly Dictionary<string, FakeFile> _blobs = [];

    /// <summary>Starts the server on a free loopback port.</summary>
    public FakeHub(params FakeRepo[] repos)
    {
        foreach (var repo in repos)
            Add(repo);
        (_listener, Endpoint) = Listen();
        _ = Task.Run(ServeAsync);
    }

    /// <summary>Base URL, e.g. http://127.0.0.1:45678.</summary>
    public string Endpoint { get; }

    /// <summary>Where LFS files redirect to: this server under another host name, like a CDN.</summary>
    public string CdnBase => Endpoint.Replace("127.0.0.1", "localhost");

    /// <summary>Every request, in arrival order.</summary>
    public ConcurrentQueue<HubRequest> Requests { get; } = new();

    /// <summary>When set, every request must carry <c>Authorization: Bearer {token}</c> or get 401.</summary>
    public string? RequiredToken { get; set; }

    /// <summary>File bodies (by file name) are cut after this many bytes, then the connection aborts.</summary>
    public ConcurrentDictionary<string, long> TruncateAfter { get; } = new();

    /// <summary>When true each cut in <see cref="TruncateAfter"/> happens once, then the file comes whole.</summary>
    public bool TruncateOnce { get; set; }

    /// <summary>Files (by name) served with one byte flipped, under the right headers.</summary>
    public ConcurrentDictionary<string, bool> Corrupt { get; } = new();

    /// <summary>Requests fetching file bytes (GET on resolve or cdn), which a cache hit avoids.</summary>
    public int FileDownloads => Requests.Count(r => r.Method == "GET" && !r.Path.StartsWith("/api/"));

    /// <summary>Requests of any kind touching files (HEAD or GET).</summary>
    public int FileRequests => Requests.Count(r => !r.Path.StartsWith("/api/"));

    /// <summary>Adds (or replaces) a repo.</summary>
    public void Add(FakeRepo repo)
    {
        lock (_repos)
        {
            _repos[repo.RepoId] = repo;
            foreach (var file in repo.Commits.Values.SelectMany(c => c.Values))
                _blobs[file.Etag] = file;
        }
    }

    /// <summary>Stops the server.</summary>
    public void Dispose() => _listener.Close();

    static (HttpListener, string) Listen()
    {
        for (int attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            listener.Prefixes.Add($"http://localhost:{port}/"); // the "CDN" host
            try
            {
                listener.Start();
                return (listener, $"http://127.0.0.1:{port}");
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close(); // the port was taken between probe and start
            }
        }
    }

    async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        string path = request.Url!.AbsolutePath;
        Requests.Enqueue(new HubRequest(request.HttpMethod, request.Url.Host, path, request.Headers["Range"],
            request.Headers["Authorization"]));
        try
        {
            bool cdn = path.StartsWith("/cdn/");
            bool authorized = request.Headers["Authorization"] == $"Bearer {RequiredToken}";
            if (!cdn && RequiredToken is not null && !authorized)
                Fail(response, 401, "GatedRepo", "Access to this model is restricted.");
            else if (path.StartsWith("/api/models/"))
                await ModelInfoAsync(response, path["/api/models/".Length..]);
            else if (cdn)
                await BlobAsync(request, response, path["/cdn/".Length..]);
            else
                await ResolveAsync(request, response, path.TrimStart('/'));
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
        {
            // the client went away
        }
    }

    // {org}/{name}/revision/{rev}
    async Task ModelInfoAsync(HttpListenerResponse response, string rest)
    {
        string[] parts = rest.Split('/', 4);
        if (parts.Length < 4 || parts[2] != "revision" || Repo($"{parts[0]}/{parts[1]}") is not { } repo)
        {
            Fail(response, 404, "RepoNotFound", "Repository not found");
            return;
        }
        if (repo.CommitOf(Uri.UnescapeDataString(parts[3])) is not { } commit)
        {
            Fail(response, 404, "RevisionNotFound", "Invalid rev id");
            return;
        }
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            id = repo.RepoId,
            sha = commit,
            siblings = repo.Commits[commit].Keys.Select(k => new { rfilename = k }),
        });
        response.ContentType = "application/json";
        response.ContentLength64 = body.Length;
        await response.OutputStream.WriteAsync(body);
        response.Close();
    }

    // {org}/{name}/resolve/{rev}/{file...}
    async Task ResolveAsync(HttpListenerRequest request, HttpListenerResponse response, string rest)
    {
        string[] parts = rest.Split('/', 5);
        if (parts.Length < 5 || parts[2] != "resolve" || Repo($"{parts[0]}/{parts[1]}") is not { } repo)
        {
            Fail(response, 404, "RepoNotFound", "Repository not found");
            return;
        }
        string? commit = repo.CommitOf(Uri.UnescapeDataString(parts[3]));
        string name = string.Join('/', parts[4].Split('/').Select(Uri.UnescapeDataString));
        if (commit is null || !repo.Commits[commit].TryGetValue(name, out var file))
        {
            Fail(response, 404, commit is null ? "RevisionNotFound" : "EntryNotFound", "Entry not found");
            return;
        }
        response.Headers["X-Repo-Commit"] = commit;
        if (file.Lfs)
        {
            // the hub answers LFS files with a redirect to the CDN, carrying the real etag and size
            response.Headers["X-Linked-Etag"] = $"\"{file.Etag}\"";
            response.Headers["X-Linked-Size"] = file.Content.Length.ToString();
            // the ETag of a redirect is the LFS pointer's, not the content's
            response.Headers["ETag"] = "\"0123456789abcdef0123456789abcdef01234567\"";
            response.Redirect($"{CdnBase}/cdn/{file.Etag}");
            response.Close();
            return;
        }
        response.Headers["ETag"] = $"W/\"{file.Etag}\"";
        await SendBodyAsync(request, response, file);
    }

    async Task BlobAsync(HttpListenerRequest request, HttpListenerResponse response, string etag)
    {
        FakeFile? file;
        lock (_repos)
            _blobs.TryGetValue(etag, out file);
        if (file is null)
            Fail(response, 404, "EntryNotFound", "No such blob");
        else
            await SendBodyAsync(request, response, file);
    }

    async Task SendBodyAsync(HttpListenerRequest request, HttpListenerResponse response, FakeFile file)
    {
        byte[] content = Corrupt.ContainsKey(file.Name) ? Flipped(file.Content) : file.Content;
        long from = 0;
        if (request.Headers["Range"] is { } range && range.StartsWith("bytes=") && range.EndsWith('-'))
        {
            from = long.Parse(range["bytes=".Length..^1]);
            response.StatusCode = 206;
            response.Headers["Content-Range"] = $"bytes {from}-{content.Length - 1}/{content.Length}";
        }
        response.ContentLength64 = content.Length - from;
        if (request.HttpMethod == "HEAD")
        {
            response.Close();
            return;
        }
        if (TruncateAfter.TryGetValue(file.Name, out long cut) && from + cut < content.Length)
        {
            if (TruncateOnce)
                TruncateAfter.TryRemove(file.Name, out _);
            await response.OutputStream.WriteAsync(content.AsMemory((int)from, (int)cut));
            await response.OutputStream.FlushAsync();
            response.Abort(); // the connection drops mid-body
            return;
        }
        await response.OutputStream.WriteAsync(content.AsMemory((int)from));
        response.Close();
    }

    FakeRepo? Repo(string repoId)
    {
        lock (_repos)
            return _repos.GetValueOrDefault(repoId);
    }

    static void Fail(HttpListenerResponse response, int status, string code, string message)
    {
        response.StatusCode = status;
        response.Headers["X-Error-Code"] = code;
        response.Headers["X-Error-Message"] = message;
        response.ContentLength64 = 0;
        response.Close();
    }

    static byte[] Flipped(byte[] content)
    {
        byte[] copy = (byte[])content.Clone();
        copy[copy.Length / 2] ^= 0xFF;
        return copy;
    }
}
