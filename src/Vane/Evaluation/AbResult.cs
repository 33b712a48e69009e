namespace Vane.Evaluation;

/// <summary>Per-item answers of an A/B evaluation and their means.</summary>
/// <param name="Items">One result per item, in input order.</param>
/// <param name="MeanPMatching">Mean of <see cref="AbItemResult.PMatching"/>: the behaviour probability.</param>
/// <param name="MeanLetterMass">Mean of P(A) + P(B): how much the model attends to the format at all.</param>
public sealed record AbResult(IReadOnlyList<AbItemResult> Items, double MeanPMatching, double MeanLetterMass);
