using Vane.Hooks;

namespace Vane.Steering;

/// <summary>Settings of <see cref="DirectionExtractor.Extract"/>.</summary>
public sealed record ExtractionOptions
{
    /// <summary>How the direction is computed; mean difference by default.</summary>
    public DirectionMethod Method { get; init; } = DirectionMethod.MeanDifference;

    /// <summary>Where in each example the activation is read; the last token by default.</summary>
    public ReadPosition ReadPosition { get; init; } = ReadPosition.Last;

    /// <summary>The block site read; hook_resid_post by default (width must be DModel).</summary>
    public BlockSite Site { get; init; } = BlockSite.ResidPost;

    /// <summary>Blocks to extract; null means every block.</summary>
    public LayerSelection? Layers { get; init; }

    /// <summary>Whether encoding adds BOS; set false for chat-wrapped text that already has it.</summary>
    public bool AddSpecialTokens { get; init; } = true;

    /// <summary>Most token rows per forward pass; bounds memory. Whole examples are never split.</summary>
    public int MaxBatchTokens { get; init; } = 2048;

    /// <summary>
    /// Every this-many-th pair (indices k-1, 2k-1, ...) is held out to score separation.
    /// With fewer than this many pairs, nothing is held out and separation is not scored.
    /// </summary>
    public int HoldOutEvery { get; init; } = 5;
}
