namespace Vane.Steering;

/// <summary>
/// The fitted map of one hook site: per unit j, z -> beta[j] z + alpha[j], applied only
/// while z lies in the source range [RangeMin[j], RangeMax[j]].
/// </summary>
/// <param name="Site">The hook site, e.g. "blocks.2.hook_resid_post".</param>
/// <param name="Beta">Slope per unit [Width].</param>
/// <param name="Alpha">Offset per unit [Width].</param>
/// <param name="RangeMin">Smallest source value per unit [Width].</param>
/// <param name="RangeMax">Largest source value per unit [Width].</param>
public sealed record SiteTransport(
    string Site,
    float[] Beta,
    float[] Alpha,
    float[] RangeMin,
    float[] RangeMax)
{
    /// <summary>Number of units (the site's width).</summary>
    public int Width => Beta.Length;
}
