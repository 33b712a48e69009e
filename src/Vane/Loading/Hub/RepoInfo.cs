namespace Vane.Loading.Hub;

/// <summary>
/// A repo at one revision as the model info API returns it
/// (<c>GET {endpoint}/api/models/{repo}/revision/{revision}</c>).
/// </summary>
/// <param name="RepoId">The repository, <c>org/name</c>.</param>
/// <param name="CommitHash">The commit the revision points at (the JSON field <c>sha</c>).</param>
/// <param name="Files">Every file path in the repo at that commit (<c>siblings[].rfilename</c>).</param>
public sealed record RepoInfo(string RepoId, string CommitHash, IReadOnlyList<string> Files);
