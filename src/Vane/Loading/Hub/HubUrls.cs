namespace Vane.Loading.Hub;

/// <summary>The hub's URL layout: the model info API and the file resolve endpoint.</summary>
internal static class HubUrls
{
    /// <summary><c>{endpoint}/api/models/{repo}/revision/{revision}</c>, the revision escaped whole.</summary>
    public static Uri ModelInfo(string endpoint, string repoId, string revision) =>
        new($"{endpoint}/api/models/{repoId}/revision/{Uri.EscapeDataString(revision)}");

    /// <summary><c>{endpoint}/{repo}/resolve/{revision}/{file}</c>, each path segment escaped.</summary>
    public static Uri Resolve(string endpoint, string repoId, string revision, string fileName)
    {
        string file = string.Join('/', fileName.Split('/').Select(Uri.EscapeDataString));
        return new($"{endpoint}/{repoId}/resolve/{Uri.EscapeDataString(revision)}/{file}");
    }
}
