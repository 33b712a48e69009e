namespace Vane.Steering;

/// <summary>
/// A fitted activation transport: one <see cref="SiteTransport"/> per hook site, and how it was
/// made.
/// </summary>
/// <param name="Sites">The maps, by site, in the order they were fitted.</param>
/// <param name="Method">How the maps were fitted.</param>
/// <param name="NSource">Number of source texts.</param>
/// <param name="NTarget">Number of target texts.</param>
/// <param name="ModelHint">Name of the model it was fitted on ("" when unknown); informative only.</param>
public sealed record TransportMap(
    IReadOnlyList<SiteTransport> Sites,
    TransportMethod Method,
    int NSource,
    int NTarget,
    string ModelHint = "");
