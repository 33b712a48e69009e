namespace Vane.Loading.Hub;

/// <summary>
/// A model on the hub as the user names it: <c>org/name</c> with an optional
/// <c>@revision</c> (a branch, a tag or a commit hash; "main" when left out).
/// </summary>
/// <param name="RepoId">The repository, <c>org/name</c>.</param>
/// <param name="Revision">The branch, tag or commit hash to resolve.</param>
public sealed record ModelSpec(string RepoId, string Revision)
{
    /// <summary>The revision used when the spec names none.</summary>
    public const string DefaultRevision = "main";

    /// <summary>Whether <see cref="Revision"/> is a full 40-hex commit hash (no ref to resolve).</summary>
    public bool IsCommitHash => Etag.IsGitSha1(Revision);

    /// <summary>
    /// Parses <c>org/name[@revision]</c>. Throws <see cref="HubException"/> of kind
    /// <see cref="HubErrorKind.BadSpec"/> that shows the expected form when it does not fit.
    /// </summary>
    public static ModelSpec Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        int at = spec.IndexOf('@');
        string repo = at < 0 ? spec : spec[..at];
        string revision = at < 0 ? DefaultRevision : spec[(at + 1)..];
        string[] parts = repo.Split('/');
        if (parts.Length != 2 || !parts.All(IsNamePart))
            throw BadSpec(spec, $"'{repo}' is not of the form org/name");
        if (revision.Length == 0 || revision.Any(char.IsWhiteSpace))
            throw BadSpec(spec, "the revision after '@' is empty or has spaces");
        return new ModelSpec(repo, revision);
    }

    /// <summary>Returns <c>org/name@revision</c>.</summary>
    public override string ToString() => $"{RepoId}@{Revision}";

    // Hub names: letters, digits, '-', '_', '.'; not empty, not "." or "..".
    static bool IsNamePart(string part) =>
        part.Length > 0 && part != "." && part != ".."
        && part.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    static HubException BadSpec(string spec, string problem) => new(
        HubErrorKind.BadSpec,
        $"Model '{spec}': {problem}. Expected a local folder or org/name[@revision], "
        + "e.g. Qwen/Qwen2.5-0.5B or Qwen/Qwen2.5-0.5B@main.");
}
