namespace Vane.Generation;

/// <summary>What to generate and when to stop.</summary>
public sealed record GenerationOptions
{
    /// <summary>Largest number of new tokens per sequence.</summary>
    public int MaxNewTokens { get; init; } = 64;

    /// <summary>Token choice.</summary>
    public SamplingOptions Sampling { get; init; } = SamplingOptions.Greedy;

    /// <summary>Ids that end a sequence (the EOS token is not included in the output).</summary>
    public IReadOnlyList<int> StopIds { get; init; } = [];
}

/// <summary>Why a sequence stopped.</summary>
public enum StopReason
{
    /// <summary>A stop id (EOS) was generated.</summary>
    Eos,
    /// <summary><see cref="GenerationOptions.MaxNewTokens"/> tokens were generated.</summary>
    MaxTokens,
    /// <summary>The model's context is full.</summary>
    ContextFull,
}

/// <summary>The outcome for one prompt.</summary>
/// <param name="PromptIds">The prompt as given.</param>
/// <param name="GeneratedIds">New tokens, without the stop token.</param>
/// <param name="Reason">Why generation stopped.</param>
public sealed record GenerationResult(int[] PromptIds, int[] GeneratedIds, StopReason Reason);

/// <summary>Timings of one <see cref="Generator.Generate"/> call.</summary>
/// <param name="PromptTokens">Tokens processed in the prompt pass.</param>
/// <param name="PromptSeconds">Wall time of the prompt pass.</param>
/// <param name="DecodeTokens">Tokens generated after the first (each a forward pass row).</param>
/// <param name="DecodeSeconds">Wall time of the decode steps.</param>
public sealed record GenerationStats(int PromptTokens, double PromptSeconds, int DecodeTokens, double DecodeSeconds)
{
    /// <summary>Prompt tokens per second.</summary>
    public double PromptTokensPerSecond => PromptTokens / Math.Max(PromptSeconds, 1e-9);

    /// <summary>Decode tokens per second.</summary>
    public double DecodeTokensPerSecond => DecodeTokens / Math.Max(DecodeSeconds, 1e-9);
}
