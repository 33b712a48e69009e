namespace Vane.Sparsity;

/// <summary>How calibration text is run through the model.</summary>
public sealed record CalibrationOptions
{
    /// <summary>Tokens per window (capped at the model's context).</summary>
    public int Window { get; init; } = 256;
    /// <summary>Windows per forward pass.</summary>
    public int WindowsPerPass { get; init; } = 8;
    /// <summary>Most calibration tokens used; the text is cut after this many.</summary>
    public int MaxTokens { get; init; } = 32768;
    /// <summary>Token rows kept per block for the CHESS importance and greedy error curves.</summary>
    public int SampleRows { get; init; } = 1024;
    /// <summary>Sampled rows used to measure greedy error curves (a prefix of the sample).</summary>
    public int CurveRows { get; init; } = 128;
    /// <summary>Seed of the row sampling.</summary>
    public int Seed { get; init; } = 1234;
}
