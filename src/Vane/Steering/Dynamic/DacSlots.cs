using Vane.Hooks;

namespace Vane.Steering;

/// <summary>
/// The KV-cache sequence slots of DAC and the hooks that steer them. Each prompt i owns
/// K + 2 consecutive slots: <see cref="Unsteered"/> (nothing added), one
/// <see cref="Steered"/> slot per property k (property k at its a_max, the others off),
/// and <see cref="Composed"/> (every property at its current a_t, the run whose tokens are
/// emitted). Hooks read each row's sequence id, so all slots can share one forward pass.
/// </summary>
public sealed class DacSlots
{
    readonly IReadOnlyList<DacProperty> _properties;
    readonly float[][] _strengths; // [prompts][properties], a_t of each composed slot

    /// <summary>Slots for <paramref name="prompts"/> prompts and <paramref name="properties"/>.</summary>
    public DacSlots(int prompts, IReadOnlyList<DacProperty> properties)
    {
        if (properties.Count == 0)
            throw new ArgumentException("DAC needs at least one property");
        foreach (var p in properties)
            if (!(float.IsFinite(p.MaxStrength) && p.MaxStrength > 0))
                throw new ArgumentException($"{p.Name}: a_max is {p.MaxStrength}, expected a finite number above 0");
        _properties = properties;
        _strengths = Enumerable.Range(0, prompts).Select(_ => new float[properties.Count]).ToArray();
    }

    /// <summary>Slots per prompt: K + 2 for K properties.</summary>
    public int PerPrompt => _properties.Count + 2;

    /// <summary>The unsteered slot of <paramref name="prompt"/>.</summary>
    public int Unsteered(int prompt) => prompt * PerPrompt;

    /// <summary>The slot of <paramref name="prompt"/> steered by <paramref name="property"/> alone at a_max.</summary>
    public int Steered(int prompt, int property) => prompt * PerPrompt + 1 + property;

    /// <summary>The composed slot of <paramref name="prompt"/>, whose tokens are emitted.</summary>
    public int Composed(int prompt) => prompt * PerPrompt + PerPrompt - 1;

    /// <summary>Sets a_t of <paramref name="property"/> in the composed slot of <paramref name="prompt"/>.</summary>
    public void SetStrength(int prompt, int property, float strength) => _strengths[prompt][property] = strength;

    /// <summary>
    /// Registers one hook per property on <paramref name="hooks"/> that adds its vector to each
    /// row at the strength the row's slot calls for. Dispose the result to remove them.
    /// </summary>
    /// <exception cref="ArgumentException">A vector whose width is not the model's DModel.</exception>
    public IDisposable Apply(HookSet hooks)
    {
        var registrations = new List<IDisposable>();
        for (int k = 0; k < _properties.Count; k++)
        {
            var p = _properties[k];
            if (p.Vector.DModel != hooks.Config.DModel)
                throw new ArgumentException(
                    $"{p.Name}: the vector has width {p.Vector.DModel}, the model's DModel is {hooks.Config.DModel}");
            int[] layers = (p.Layers?.Resolve(hooks.NLayers) ?? p.Vector.Directions.Keys.ToArray())
                .Where(p.Vector.Directions.ContainsKey).ToArray();
            if (layers.Length == 0)
                throw new ArgumentException($"{p.Name}: the vector has none of the selected blocks");
            int property = k;
            string sites = string.Join(",", layers.Select(l => HookSites.Name(l, BlockSite.ResidPost)));
            registrations.Add(hooks.Add(sites, ctx => Edit(ctx, property)));
        }
        return new All(registrations);
    }

    /// <summary>The strength <paramref name="property"/> has in sequence slot <paramref name="sequence"/>.</summary>
    public float StrengthIn(int sequence, int property)
    {
        int role = sequence % PerPrompt;
        if (role == 1 + property)
            return _properties[property].MaxStrength;
        return role == PerPrompt - 1 ? _strengths[sequence / PerPrompt][property] : 0f;
    }

    void Edit(HookContext ctx, int property)
    {
        var v = _properties[property].Vector.Directions[ctx.Layer];
        for (int r = 0; r < ctx.Rows; r++)
        {
            float c = StrengthIn(ctx.Sequences[r], property);
            if (c != 0)
                RowEdit.Apply(ctx.Row(r), v, SteeringMode.Add, c, ReadOnlySpan<float>.Empty);
        }
    }

    sealed class All(List<IDisposable> parts) : IDisposable
    {
        public void Dispose() => parts.ForEach(p => p.Dispose());
    }
}
