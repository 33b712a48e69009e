using Vane.Hooks;

namespace Vane.Steering;

/// <summary>
/// Registers steering as hooks (docs/methods.md section 3). Each call registers one vector
/// with its own options; several calls on one <see cref="HookSet"/> steer with several
/// vectors at once, their contributions applied one after the other (sums, for Add).
/// </summary>
public static class SteeringHooks
{
    /// <summary>
    /// Steers every run given <paramref name="hooks"/> with <paramref name="vector"/> until the
    /// result is disposed. The model's weights are never changed.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// Non-finite strength, a vector width unlike the model's DModel, or a reference mean of the wrong width.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">A selected layer outside the model's blocks.</exception>
    public static IDisposable Apply(HookSet hooks, SteeringVector vector, SteeringOptions options)
    {
        ArgumentNullException.ThrowIfNull(hooks);
        ArgumentNullException.ThrowIfNull(vector);
        ArgumentNullException.ThrowIfNull(options);
        Validate(hooks, vector, options);
        int[] layers = (options.Layers?.Resolve(hooks.NLayers) ?? vector.Directions.Keys.ToArray())
            .Where(vector.Directions.ContainsKey).ToArray();
        if (layers.Length == 0)
            return new Nothing();
        string sites = string.Join(",", layers.Select(l => HookSites.Name(l, options.Site)));
        return hooks.Add(sites, ctx => Edit(ctx, vector, options));
    }

    static void Edit(HookContext ctx, SteeringVector vector, SteeringOptions o)
    {
        if (ctx.Width != vector.DModel)
            throw new ArgumentException($"{ctx.Site} has width {ctx.Width}, the vector {vector.DModel}");
        var v = vector.Directions[ctx.Layer];
        float[]? mu = null;
        o.ReferenceMean?.TryGetValue(ctx.Layer, out mu);
        for (int r = 0; r < ctx.Rows; r++)
            if (o.Positions.Includes(ctx.Sequences[r], ctx.Positions[r]))
                RowEdit.Apply(ctx.Row(r), v, o.Mode, o.Strength, mu);
    }

    static void Validate(HookSet hooks, SteeringVector vector, SteeringOptions o)
    {
        if (!float.IsFinite(o.Strength))
            throw new ArgumentException($"strength {o.Strength} is not a finite number", nameof(o));
        int width = SiteWidth(hooks, o.Site);
        if (vector.DModel != width)
            throw new ArgumentException(
                $"the vector has width {vector.DModel}, but {HookSites.Name(0, o.Site)[9..]} of this model " +
                $"has width {width}: was it made for another model?");
        if (o.ReferenceMean is { } mu)
            foreach (var (l, m) in mu)
                if (m.Length != width)
                    throw new ArgumentException($"reference mean of block {l} has {m.Length} values, expected {width}");
    }

    static int SiteWidth(HookSet hooks, BlockSite site) => site switch
    {
        BlockSite.Z => hooks.Config.DQuery,
        BlockSite.MlpPost => hooks.Config.DMlp,
        _ => hooks.Config.DModel,
    };

    sealed class Nothing : IDisposable
    {
        public void Dispose() { }
    }
}
