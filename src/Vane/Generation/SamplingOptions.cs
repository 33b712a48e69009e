namespace Vane.Generation;

/// <summary>How the next token is chosen from the logits.</summary>
public sealed record SamplingOptions
{
    /// <summary>Softmax temperature; 0 means greedy (argmax). Must be finite and non-negative.</summary>
    public float Temperature { get; init; }

    /// <summary>Keep only the K most likely tokens; 0 keeps all.</summary>
    public int TopK { get; init; }

    /// <summary>Keep the smallest set of tokens whose probability reaches P, in (0, 1]; 1 keeps all.</summary>
    public float TopP { get; init; } = 1f;

    /// <summary>Seed of the random generator, for repeatable sampling; null draws one.</summary>
    public int? Seed { get; init; }

    /// <summary>Greedy decoding.</summary>
    public static SamplingOptions Greedy { get; } = new();

    /// <summary>Throws when a setting is out of its range.</summary>
    public void Validate()
    {
        if (!float.IsFinite(Temperature) || Temperature < 0)
            throw new ArgumentOutOfRangeException(nameof(Temperature), $"temperature is {Temperature}, expected >= 0");
        if (TopK < 0)
            throw new ArgumentOutOfRangeException(nameof(TopK), $"top-k is {TopK}, expected >= 0");
        if (!(TopP > 0 && TopP <= 1))
            throw new ArgumentOutOfRangeException(nameof(TopP), $"top-p is {TopP}, expected in (0, 1]");
    }
}
