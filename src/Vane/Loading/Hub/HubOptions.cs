namespace Vane.Loading.Hub;

/// <summary>
/// Where the Hugging Face hub is and where its files are cached. The defaults and the
/// environment variables are those of huggingface_hub, so Vane and the Python tools share one cache.
/// </summary>
public sealed record HubOptions
{
    /// <summary>The public hub, used when HF_ENDPOINT is not set.</summary>
    public const string DefaultEndpoint = "https://huggingface.co";

    /// <summary>Base URL of the hub, without a trailing slash (HF_ENDPOINT).</summary>
    public string Endpoint { get; init; } = DefaultEndpoint;

    /// <summary>
    /// The hub cache folder that holds the <c>models--org--name</c> folders
    /// (HF_HUB_CACHE, else HF_HOME/hub, else ~/.cache/huggingface/hub).
    /// </summary>
    public required string CacheDir { get; init; }

    /// <summary>
    /// Access token sent as <c>Authorization: Bearer</c>, or null for anonymous access (HF_TOKEN).
    /// </summary>
    public string? Token { get; init; }

    /// <summary>When true no request is made: models resolve from the cache only (HF_HUB_OFFLINE=1).</summary>
    public bool Offline { get; init; }

    /// <summary>
    /// How long to wait for the hub to answer a request, or for the next bytes of a download,
    /// before giving up with a network error. 30 seconds unless set.
    /// </summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Reads the options from the process environment.</summary>
    public static HubOptions FromEnvironment() => FromEnvironment(Environment.GetEnvironmentVariable);

    /// <summary>
    /// Reads the options through <paramref name="getEnv"/> (a variable name to its value, or null
    /// when unset), so that tests can inject an environment. When HF_TOKEN is unset the token
    /// saved by <c>hf auth login</c> (HF_TOKEN_PATH, else HF_HOME/token) is used if present.
    /// </summary>
    public static HubOptions FromEnvironment(Func<string, string?> getEnv)
    {
        ArgumentNullException.ThrowIfNull(getEnv);
        string hfHome = HfHome(getEnv);
        return new HubOptions
        {
            Endpoint = (NonEmpty(getEnv("HF_ENDPOINT")) ?? DefaultEndpoint).TrimEnd('/'),
            CacheDir = NonEmpty(getEnv("HF_HUB_CACHE"))
                ?? NonEmpty(getEnv("HUGGINGFACE_HUB_CACHE")) // the older name, still honoured upstream
                ?? Path.Combine(hfHome, "hub"),
            Token = NonEmpty(getEnv("HF_TOKEN"))
                ?? ReadTokenFile(NonEmpty(getEnv("HF_TOKEN_PATH")) ?? Path.Combine(hfHome, "token")),
            Offline = IsTrue(getEnv("HF_HUB_OFFLINE")),
        };
    }

    // HF_HOME, else $XDG_CACHE_HOME/huggingface, else ~/.cache/huggingface.
    static string HfHome(Func<string, string?> getEnv)
    {
        if (NonEmpty(getEnv("HF_HOME")) is { } home)
            return ExpandHome(home, getEnv);
        string cache = NonEmpty(getEnv("XDG_CACHE_HOME"))
            ?? Path.Combine(UserHome(getEnv), ".cache");
        return Path.Combine(ExpandHome(cache, getEnv), "huggingface");
    }

    static string UserHome(Func<string, string?> getEnv) =>
        NonEmpty(getEnv("HOME")) ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    static string ExpandHome(string path, Func<string, string?> getEnv) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(UserHome(getEnv), path.TrimStart('~').TrimStart('/'))
            : path;

    static string? ReadTokenFile(string path)
    {
        try
        {
            return File.Exists(path) ? NonEmpty(File.ReadAllText(path).Trim()) : null;
        }
        catch (IOException)
        {
            return null; // an unreadable token file is the same as none
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    static bool IsTrue(string? value) =>
        value?.Trim().ToUpperInvariant() is "1" or "ON" or "YES" or "TRUE";

    static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
