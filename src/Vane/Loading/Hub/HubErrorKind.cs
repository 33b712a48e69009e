namespace Vane.Loading.Hub;

/// <summary>Why resolving a model from the hub failed; see <see cref="HubException.Kind"/>.</summary>
public enum HubErrorKind
{
    /// <summary>The model spec is neither a local folder nor <c>org/name[@revision]</c>.</summary>
    BadSpec,

    /// <summary>The hub refused access (401/403): a gated or private repo, or a bad token.</summary>
    Unauthorized,

    /// <summary>The repo, the revision or a file does not exist on the hub (404).</summary>
    NotFound,

    /// <summary>The hub could not be reached, or answered with an unexpected status.</summary>
    Network,

    /// <summary>Offline mode is on and the cache lacks what is needed.</summary>
    NotCached,

    /// <summary>A downloaded file had the wrong size or hash.</summary>
    Integrity,

    /// <summary>The repo has no file Vane can load, or a file asked for is not in it.</summary>
    MissingFiles,
}
