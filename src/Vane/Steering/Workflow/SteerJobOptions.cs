using Vane.Evaluation;

namespace Vane.Steering;

/// <summary>Settings of the main job: extract a vector, sweep blocks and strengths, choose one.</summary>
public sealed record SteerJobOptions
{
    /// <summary>How the direction is computed from the pairs.</summary>
    public DirectionMethod Method { get; init; } = DirectionMethod.MeanDifference;

    /// <summary>Blocks to sweep; null sweeps 1 .. NLayers-1 (a llama.cpp control vector cannot hold block 0).</summary>
    public LayerSelection? Layers { get; init; }

    /// <summary>
    /// Strengths to sweep (multiples of the vector; mean-difference vectors have their natural scale).
    /// </summary>
    public IReadOnlyList<float> Strengths { get; init; } = [0.1f, 0.25f, 0.5f, 1f, 2f];

    /// <summary>Prompts continued greedily to measure the effect (neutral openings such as "It was").</summary>
    public IReadOnlyList<string> EvalPrompts { get; init; } = DefaultPrompts;

    /// <summary>New tokens per eval prompt.</summary>
    public int MaxNewTokens { get; init; } = 40;

    /// <summary>Off-target text whose perplexity measures the side effect, or null (then KL alone).</summary>
    public string? NeutralText { get; init; }

    /// <summary>Largest number of tokens of <see cref="NeutralText"/> scored.</summary>
    public int NeutralTokens { get; init; } = 2048;

    /// <summary>Words of the behaviour (effect = their share in generated words, minus the unsteered share).</summary>
    public WordList? TargetWords { get; init; }

    /// <summary>Words of the opposite behaviour (reported; expected to rise at negative strength).</summary>
    public WordList? OppositeWords { get; init; }

    /// <summary>Also run DAC at the chosen block with a_max twice the chosen strength, for the report.</summary>
    public bool Dynamic { get; init; }

    /// <summary>A CAST condition to gate the chosen vector with, for the report; null for none.</summary>
    public Condition? Condition { get; init; }

    /// <summary>An activation transport map to measure beside the vector, for the report; null for none.</summary>
    public TransportMap? Transport { get; init; }

    /// <summary>Largest relative perplexity rise a chosen setting may cause (0.2 = +20%).</summary>
    public double MaxPerplexityRise { get; init; } = 0.2;

    /// <summary>Prompts used when none are given.</summary>
    public static IReadOnlyList<string> DefaultPrompts { get; } =
    [
        "It was", "In the", "The", "When I", "There is", "We have", "He said", "Now the", "At last", "After a",
    ];
}
