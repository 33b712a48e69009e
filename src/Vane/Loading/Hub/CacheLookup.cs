namespace Vane.Loading.Hub;

/// <summary>
/// Resolves a model from the cache alone, for offline mode: the revision through
/// <c>refs/{revision}</c> (or the commit hash itself), then the snapshot, which must hold the
/// weights (the single file, or the index and every shard it names, or the files the patterns ask for).
/// </summary>
internal static class CacheLookup
{
    /// <summary>
    /// The snapshot folder of <paramref name="spec"/>, or a <see cref="HubErrorKind.NotCached"/> error.
    /// </summary>
    public static string Resolve(HubCache cache, ModelSpec spec, IReadOnlyCollection<string>? patterns)
    {
        string commit = spec.IsCommitHash
            ? spec.Revision
            : cache.ReadRef(spec.Revision) ?? throw NotCached(spec, cache,
                $"{cache.RefPath(spec.Revision)} does not exist "
                + $"(revision '{spec.Revision}' was never downloaded)");
        string snapshot = cache.SnapshotDir(commit);
        if (!Directory.Exists(snapshot))
            throw NotCached(spec, cache, $"snapshot folder {snapshot} does not exist");

        var present = ListFiles(snapshot);
        var missing = MissingWeights(cache, commit, present, patterns).ToArray();
        if (missing.Length > 0)
            throw NotCached(spec, cache, $"snapshot {snapshot} lacks {string.Join(", ", missing)}");
        return Path.GetFullPath(snapshot);
    }

    static IEnumerable<string> MissingWeights(
        HubCache cache,
        string commit,
        HashSet<string> present,
        IReadOnlyCollection<string>? patterns)
    {
        IEnumerable<string> weights;
        if (patterns is not null)
        {
            var unmatched = patterns.Where(p => !present.Any(f => FileSelection.Matches(f, p))).ToArray();
            foreach (string pattern in unmatched)
                yield return $"a file matching '{pattern}'";
            weights = present.Where(f => patterns.Any(p => FileSelection.Matches(f, p)));
        }
        else if (present.Contains(FileSelection.SingleWeights))
            weights = [FileSelection.SingleWeights];
        else if (present.Contains(FileSelection.WeightsIndex))
            weights = [FileSelection.WeightsIndex];
        else
        {
            yield return $"{FileSelection.SingleWeights} (or {FileSelection.WeightsIndex})";
            yield break;
        }

        foreach (string index in weights.Where(FileSelection.IsIndex).ToArray())
            foreach (string shard in ShardIndex.ReadShards(cache.SnapshotFile(commit, index), index))
                if (!present.Contains(shard))
                    yield return shard;
    }

    // Repo paths ('/'-separated) of the snapshot's files; dangling links (blob gone) are left out.
    static HashSet<string> ListFiles(string snapshot) =>
        Directory.EnumerateFiles(snapshot, "*", SearchOption.AllDirectories)
            .Where(HubCache.IsReadableFile)
            .Select(f => Path.GetRelativePath(snapshot, f).Replace(Path.DirectorySeparatorChar, '/'))
            .ToHashSet(StringComparer.Ordinal);

    static HubException NotCached(ModelSpec spec, HubCache cache, string problem) => new(
        HubErrorKind.NotCached,
        $"Model '{spec}' is not in the cache and HF_HUB_OFFLINE is set: {problem}. "
        + $"Unset HF_HUB_OFFLINE to download it, or check HF_HUB_CACHE/HF_HOME (cache: {cache.CacheDir}).");
}
