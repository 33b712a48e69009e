using Vane.Hooks;

namespace Vane.Steering;

/// <summary>
/// Registers an activation transport on a run's hooks (docs/methods.md section 6).
/// </summary>
public static class TransportHooks
{
    /// <summary>
    /// Transports every token of every run given <paramref name="hooks"/> at strength
    /// <paramref name="lambda"/> in [0, 1] (0 = unchanged, 1 = fully mapped), at each site of
    /// <paramref name="map"/>, until the result is disposed. The model's weights are never changed.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// lambda outside [0, 1] or not a number.
    /// </exception>
    /// <exception cref="ArgumentException">
    /// A site unknown to the model, or a map of the wrong width.
    /// </exception>
    public static IDisposable Apply(HookSet hooks, TransportMap map, float lambda)
    {
        ArgumentNullException.ThrowIfNull(hooks);
        ArgumentNullException.ThrowIfNull(map);
        if (!(lambda >= 0 && lambda <= 1))
            throw new ArgumentOutOfRangeException(nameof(lambda),
                $"transport strength lambda is {lambda}, expected a number in [0, 1]");
        foreach (var site in map.Sites)
        {
            int width = TransportSites.Width(hooks.Config, site.Site);
            if (width != site.Width)
                throw new ArgumentException(
                    $"{site.Site}: the map has {site.Width} units, the model's site has {width}: " +
                    "was it fitted on another model?");
        }
        var registrations = map.Sites
            .Select(s => hooks.Add(s.Site, ctx => Edit(ctx, s, lambda)))
            .ToList();
        return new All(registrations);
    }

    static void Edit(HookContext ctx, SiteTransport map, float lambda)
    {
        for (int r = 0; r < ctx.Rows; r++)
            TransportEdit.Apply(ctx.Row(r), map, lambda);
    }

    sealed class All(List<IDisposable> registrations) : IDisposable
    {
        public void Dispose() => registrations.ForEach(r => r.Dispose());
    }
}
