using Vane.Loading;

namespace Vane.Hooks;

/// <summary>
/// Records the activations of chosen sites for every sequence of the runs it is
/// registered for, row by row in position order. Dispose to stop recording.
/// </summary>
public sealed class ActivationCapture : IDisposable
{
    readonly IDisposable _registration;
    readonly Dictionary<(string Site, int Sequence), List<float[]>> _rows = new();
    readonly Dictionary<string, int> _widths = new();

    /// <summary>
    /// Starts recording the sites matching <paramref name="sites"/> (see <see cref="HookSites.Resolve"/>).
    /// </summary>
    public ActivationCapture(HookSet hooks, string sites) => _registration = hooks.Add(sites, Record);

    void Record(HookContext ctx)
    {
        _widths[ctx.Site] = ctx.Width;
        for (int r = 0; r < ctx.Rows; r++)
        {
            var key = (ctx.Site, ctx.Sequences[r]);
            if (!_rows.TryGetValue(key, out var list))
                _rows[key] = list = new List<float[]>();
            int pos = ctx.Positions[r];
            // a position seen again (a re-run of the same sequence) replaces the old row
            if (pos < list.Count)
                list.RemoveRange(pos, list.Count - pos);
            list.Add(ctx.Row(r).ToArray());
        }
    }

    /// <summary>Sites recorded so far, in the order first seen.</summary>
    public IEnumerable<string> Sites => _widths.Keys;

    /// <summary>Width of the rows of <paramref name="site"/>.</summary>
    public int Width(string site) => _widths[site];

    /// <summary>Activations of <paramref name="site"/> for <paramref name="sequence"/> [tokens, width].</summary>
    public float[] Get(string site, int sequence = 0)
    {
        if (!_rows.TryGetValue((site, sequence), out var list))
            throw new KeyNotFoundException($"nothing captured at {site} for sequence {sequence}");
        return list.SelectMany(r => r).ToArray();
    }

    /// <summary>Number of rows recorded for <paramref name="site"/> and <paramref name="sequence"/>.</summary>
    public int Tokens(string site, int sequence = 0) =>
        _rows.TryGetValue((site, sequence), out var list) ? list.Count : 0;

    /// <summary>
    /// Every recorded (site, sequence) as tensors named "{prefix(sequence)}.{site}" [tokens, width],
    /// ready for <see cref="SafeTensorsWriter"/>.
    /// </summary>
    public IEnumerable<TensorToWrite> ToTensors(Func<int, string> prefix) =>
        _rows.OrderBy(kv => kv.Key.Sequence).ThenBy(kv => kv.Key.Site, StringComparer.Ordinal)
            .Select(kv => new TensorToWrite($"{prefix(kv.Key.Sequence)}.{kv.Key.Site}",
                [kv.Value.Count, _widths[kv.Key.Site]], kv.Value.SelectMany(r => r).ToArray()));

    /// <summary>Stops recording (what was recorded stays readable).</summary>
    public void Dispose() => _registration.Dispose();
}
