using Vane.Generation;

namespace Vane.Steering;

/// <summary>Settings of <see cref="DynamicGenerator.Generate"/>.</summary>
public sealed record DacOptions
{
    /// <summary>Largest number of new tokens per prompt.</summary>
    public int MaxNewTokens { get; init; } = 64;

    /// <summary>How the emitted token is chosen from the composed run's logits; greedy by default.</summary>
    public SamplingOptions Sampling { get; init; } = SamplingOptions.Greedy;

    /// <summary>Ids that end a prompt's continuation (not included in the output).</summary>
    public IReadOnlyList<int> StopIds { get; init; } = [];

    /// <summary>
    /// The nucleus, in (0, 1], of each distribution whose union of tokens the KL is taken
    /// over (0.95 by default).
    /// </summary>
    public float TopP { get; init; } = 0.95f;

    /// <summary>
    /// When set, every property's a_t is this value at every step instead of the KL
    /// (a check of the mechanics: equals fixed-strength steering at this strength).
    /// </summary>
    public float? FixedStrength { get; init; }

    /// <summary>Throws on an out-of-range setting, naming it.</summary>
    public void Validate()
    {
        if (MaxNewTokens < 0)
            throw new ArgumentOutOfRangeException(nameof(MaxNewTokens),
                $"max new tokens is {MaxNewTokens}, expected 0 or more");
        if (!(TopP > 0 && TopP <= 1))
            throw new ArgumentOutOfRangeException(nameof(TopP), $"top-p is {TopP}, expected a value in (0, 1]");
        if (FixedStrength is float c && !float.IsFinite(c))
            throw new ArgumentException($"fixed strength {c} is not a finite number", nameof(FixedStrength));
        Sampling.Validate();
    }
}
