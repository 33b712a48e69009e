using System.Globalization;

namespace Vane.Steering;

/// <summary>
/// A set of blocks given by the user: single indices and inclusive ranges, where negative
/// indices count from the end (-1 is the last block). Resolved against a model's NLayers.
/// </summary>
public sealed class LayerSelection
{
    readonly (int First, int Last)[] _ranges; // inclusive, possibly negative
    readonly bool _all;

    LayerSelection((int, int)[] ranges, bool all) => (_ranges, _all) = (ranges, all);

    /// <summary>Every block.</summary>
    public static LayerSelection All { get; } = new([], true);

    /// <summary>The listed blocks (negative counts from the end).</summary>
    public static LayerSelection Of(params int[] layers) => new(layers.Select(l => (l, l)).ToArray(), false);

    /// <summary>
    /// Blocks <paramref name="first"/> to <paramref name="last"/> inclusive (either may be negative).
    /// </summary>
    public static LayerSelection Range(int first, int last) => new([(first, last)], false);

    /// <summary>
    /// Parses "all", "3", "-1", "2..5" or a comma list of these, e.g. "0,2..4,-1".
    /// </summary>
    /// <exception cref="FormatException">A part is not an index or a range.</exception>
    public static LayerSelection Parse(string text)
    {
        if (text.Trim() is "all" or "*")
            return All;
        var ranges = new List<(int, int)>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int dots = part.IndexOf("..", StringComparison.Ordinal);
            if (dots < 0)
                ranges.Add((Int(part, text), Int(part, text)));
            else
                ranges.Add((Int(part[..dots], text), Int(part[(dots + 2)..], text)));
        }
        if (ranges.Count == 0)
            throw new FormatException(
                $"layer list \"{text}\" is empty; expected e.g. \"3\", \"2..5\", \"-1\" or \"all\"");
        return new LayerSelection([.. ranges], false);
    }

    /// <summary>The selected blocks of a model with <paramref name="nLayers"/> blocks, sorted, distinct.</summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// A layer outside -nLayers..nLayers-1; the message names the layer and the range.
    /// </exception>
    public int[] Resolve(int nLayers)
    {
        if (_all)
            return Enumerable.Range(0, nLayers).ToArray();
        var set = new SortedSet<int>();
        foreach (var (a, b) in _ranges)
        {
            int first = Absolute(a, nLayers), last = Absolute(b, nLayers);
            if (first > last)
                throw new ArgumentOutOfRangeException(nameof(nLayers),
                    $"layer range {a}..{b} is empty (block {first} after block {last})");
            for (int l = first; l <= last; l++)
                set.Add(l);
        }
        return [.. set];
    }

    /// <summary>The selection as <see cref="Parse"/> reads it.</summary>
    public override string ToString() => _all ? "all"
        : string.Join(",", _ranges.Select(r => r.First == r.Last ? $"{r.First}" : $"{r.First}..{r.Last}"));

    static int Absolute(int layer, int nLayers)
    {
        int l = layer < 0 ? nLayers + layer : layer;
        if (l < 0 || l >= nLayers)
            throw new ArgumentOutOfRangeException(nameof(layer),
                $"layer {layer} is out of range: the model has {nLayers} blocks, 0..{nLayers - 1} " +
                $"(or -{nLayers}..-1 from the end)");
        return l;
    }

    static int Int(string s, string whole) =>
        int.TryParse(s.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v) ? v
        : throw new FormatException($"layer list \"{whole}\": \"{s}\" is not a block index");
}
