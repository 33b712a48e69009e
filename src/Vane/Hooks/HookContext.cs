namespace Vane.Hooks;

/// <summary>
/// What a hook sees at one site during one forward pass: the activations of every
/// row of the batch [Rows, Width], writable in place, and where each row belongs.
/// </summary>
public readonly ref struct HookContext
{
    /// <summary>The site name, e.g. "blocks.3.hook_resid_post".</summary>
    public string Site { get; init; }

    /// <summary>The block, or -1 for hook_embed and ln_final.hook_normalized.</summary>
    public int Layer { get; init; }

    /// <summary>Activations [Rows, Width]; edits change the rest of the pass.</summary>
    public Span<float> Activations { get; init; }

    /// <summary>Width of one row.</summary>
    public int Width { get; init; }

    /// <summary>Token id of each row [Rows].</summary>
    public ReadOnlySpan<int> Tokens { get; init; }

    /// <summary>Position of each row in its sequence [Rows].</summary>
    public ReadOnlySpan<int> Positions { get; init; }

    /// <summary>Sequence slot of each row [Rows].</summary>
    public ReadOnlySpan<int> Sequences { get; init; }

    /// <summary>Number of rows.</summary>
    public int Rows => Tokens.Length;

    /// <summary>The activations of row <paramref name="row"/> [Width].</summary>
    public Span<float> Row(int row) => Activations.Slice(row * Width, Width);
}

/// <summary>A function called at a hook site; it may read or edit <see cref="HookContext.Activations"/>.</summary>
public delegate void ActivationHook(HookContext context);
