using Vane.Model;
using Vane.Tensors;

namespace Vane.Hooks;

/// <summary>
/// The hooks of a run: functions registered by site name, called in registration
/// order when the forward pass reaches the site, and <see cref="ILinearInputFilter"/>s,
/// called in registration order on a private copy of a chosen linear layer's input.
/// A registration lasts until its IDisposable is disposed; a set is passed to the runs
/// it is meant for, never global.
/// </summary>
public sealed class HookSet
{
    readonly int _nLayers;
    readonly IReadOnlyList<string> _names;
    readonly List<ActivationHook>?[] _bySite; // [HookSites.Count(nLayers)]
    readonly List<ILinearInputFilter> _filters = [];
    int _count;

    /// <summary>An empty set for models with <paramref name="config"/>'s number of blocks.</summary>
    public HookSet(ModelConfig config)
    {
        Config = config;
        _nLayers = config.NLayers;
        _names = HookSites.All(_nLayers);
        _bySite = new List<ActivationHook>?[HookSites.Count(_nLayers)];
    }

    /// <summary>Whether any hook is registered.</summary>
    public bool IsEmpty => _count == 0;

    /// <summary>The configuration of the model this set is for (widths of its sites).</summary>
    public ModelConfig Config { get; }

    /// <summary>Blocks of the model this set is for.</summary>
    public int NLayers => _nLayers;

    /// <summary>
    /// Registers <paramref name="hook"/> at every site matching <paramref name="site"/>
    /// (a name, a comma list, negative block indices or '*' wildcards; see
    /// <see cref="HookSites.Resolve"/>). Dispose the result to remove it.
    /// </summary>
    public IDisposable Add(string site, ActivationHook hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        int[] indices = HookSites.Resolve(site, _nLayers);
        foreach (int i in indices)
            (_bySite[i] ??= []).Add(hook);
        _count += indices.Length;
        return new Registration(this, indices, hook);
    }

    /// <summary>
    /// Registers <paramref name="filter"/>: from the next pass, each linear layer it
    /// <see cref="ILinearInputFilter.Filters"/> reads its own copy of its input, passed through it.
    /// Dispose the result to remove it.
    /// </summary>
    public IDisposable AddInputFilter(ILinearInputFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        _filters.Add(filter);
        _count++;
        return new FilterRegistration(this, filter);
    }

    internal bool Has(int siteIndex) => _bySite[siteIndex] is { Count: > 0 };

    internal void Invoke(int siteIndex, Span<float> activations, int width, TokenBatch batch)
    {
        var hooks = _bySite[siteIndex];
        if (hooks is null)
            return;
        var ctx = new HookContext
        {
            Site = _names[siteIndex],
            Layer = HookSites.LayerOf(siteIndex, _nLayers),
            Activations = activations[..(batch.Count * width)],
            Width = width,
            Tokens = batch.Tokens,
            Positions = batch.Positions,
            Sequences = batch.Sequences,
        };
        foreach (var h in hooks.ToArray())
            h(ctx);
    }

    /// <summary>Whether any registered filter takes the input of <paramref name="w"/>.</summary>
    internal bool FiltersInput(WeightMatrix w)
    {
        foreach (var f in _filters)
            if (f.Filters(w))
                return true;
        return false;
    }

    /// <summary>Passes <paramref name="x"/>, <paramref name="w"/>'s private input copy, through
    /// every filter that takes it.</summary>
    internal void FilterInput(WeightMatrix w, Span<float> x, TokenBatch batch)
    {
        for (int i = 0; i < _filters.Count; i++)
            if (_filters[i].Filters(w))
                _filters[i].Filter(w, x, batch);
    }

    sealed class FilterRegistration(HookSet set, ILinearInputFilter filter) : IDisposable
    {
        bool _disposed;

        public void Dispose()
        {
            if (_disposed)
                return;
            _disposed = true;
            set._filters.Remove(filter);
            set._count--;
        }
    }

    sealed class Registration(HookSet set, int[] indices, ActivationHook hook) : IDisposable
    {
        bool _disposed;

        public void Dispose()
        {
            if (_disposed)
                return;
            _disposed = true;
            foreach (int i in indices)
                set._bySite[i]?.Remove(hook);
            set._count -= indices.Length;
        }
    }
}
