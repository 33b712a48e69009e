using System.Text.RegularExpressions;

namespace Vane.Loading.Hub;

/// <summary>
/// Chooses which repo files Vane downloads: the config and tokenizer files that exist, plus the
/// weights. Without patterns the weights are <c>model.safetensors</c>, else
/// <c>model.safetensors.index.json</c> (whose shards <see cref="ShardIndex"/> adds later).
/// With patterns (globs: <c>*</c> any run of characters, <c>?</c> one) the weights are the files
/// they match instead, e.g. <c>*Q4_K_M.gguf</c>; GGUF files are never fetched unless asked for.
/// </summary>
internal static class FileSelection
{
    /// <summary>Small files fetched whenever the repo has them.</summary>
    public static readonly IReadOnlyList<string> SupportFiles =
    [
        "config.json", "generation_config.json", "tokenizer.json", "tokenizer.model",
        "tokenizer_config.json", "special_tokens_map.json",
    ];

    /// <summary>The single-file safetensors weights.</summary>
    public const string SingleWeights = "model.safetensors";

    /// <summary>The index of sharded safetensors weights.</summary>
    public const string WeightsIndex = "model.safetensors.index.json";

    /// <summary>
    /// The files of <paramref name="repo"/> to fetch, in order (support files first). Throws
    /// <see cref="HubException"/> (<see cref="HubErrorKind.MissingFiles"/>) when no weights are found
    /// or a pattern matches nothing.
    /// </summary>
    public static IReadOnlyList<string> Select(RepoInfo repo, IReadOnlyCollection<string>? patterns)
    {
        var files = repo.Files.ToHashSet(StringComparer.Ordinal);
        var chosen = SupportFiles.Where(files.Contains).ToList();
        chosen.AddRange(patterns is null ? DefaultWeights(repo, files) : Matching(repo, patterns));
        return chosen.Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Whether <paramref name="fileName"/> is a safetensors index whose shards must follow.</summary>
    public static bool IsIndex(string fileName) =>
        fileName.EndsWith(".safetensors.index.json", StringComparison.Ordinal);

    /// <summary>Whether the repo path <paramref name="fileName"/> matches <paramref name="pattern"/>.</summary>
    public static bool Matches(string fileName, string pattern)
    {
        string regex = "^" + Regex.Escape(pattern).Replace(@"\*", ".*").Replace(@"\?", ".") + "$";
        return Regex.IsMatch(fileName, regex, RegexOptions.CultureInvariant);
    }

    static IEnumerable<string> DefaultWeights(RepoInfo repo, HashSet<string> files)
    {
        if (files.Contains(SingleWeights))
            return [SingleWeights];
        if (files.Contains(WeightsIndex))
            return [WeightsIndex];
        var ggufs = repo.Files.Where(f => f.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase)).Take(5);
        string hint = ggufs.Any()
            ? $" It has GGUF files ({string.Join(", ", ggufs)}, ...): ask for one through the files filter."
            : "";
        throw new HubException(HubErrorKind.MissingFiles,
            $"Model '{repo.RepoId}' at commit {repo.CommitHash}: found neither {SingleWeights} nor "
            + $"{WeightsIndex} among its {repo.Files.Count} files.{hint}");
    }

    static IEnumerable<string> Matching(RepoInfo repo, IReadOnlyCollection<string> patterns)
    {
        foreach (string pattern in patterns)
        {
            var hits = repo.Files.Where(f => Matches(f, pattern)).ToArray();
            if (hits.Length == 0)
                throw new HubException(HubErrorKind.MissingFiles,
                    $"Model '{repo.RepoId}' at commit {repo.CommitHash}: no file matches '{pattern}'. "
                    + $"Files: {Preview(repo.Files)}.");
            foreach (string hit in hits)
                yield return hit;
        }
    }

    static string Preview(IReadOnlyList<string> files) =>
        files.Count <= 20
            ? string.Join(", ", files)
            : string.Join(", ", files.Take(20)) + $", ... ({files.Count} in all)";
}
