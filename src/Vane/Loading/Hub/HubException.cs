namespace Vane.Loading.Hub;

/// <summary>
/// Resolving a model through the hub or its cache failed. The message names the repo,
/// the file or the endpoint at fault and says how to recover (set HF_TOKEN, check the name,
/// go online); <see cref="Kind"/> tells the cases apart for callers.
/// </summary>
public sealed class HubException : Exception
{
    /// <summary>What went wrong, for callers that react differently to each case.</summary>
    public HubErrorKind Kind { get; }

    /// <summary>Creates the exception with a message that already carries the context.</summary>
    public HubException(HubErrorKind kind, string message, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
    }
}
