namespace Vane.Evaluation;

/// <summary>
/// The model's answer to one A/B item, read from the next-token distribution after "(".
/// </summary>
/// <param name="Index">Position of the item in the list evaluated.</param>
/// <param name="Matching">The letter that matches the behaviour.</param>
/// <param name="ProbA">P("A") over the whole vocabulary, 0 to 1.</param>
/// <param name="ProbB">P("B") over the whole vocabulary, 0 to 1.</param>
/// <param name="PMatching">P(matching) / (P(A) + P(B)), 0 to 1.</param>
/// <param name="Truncated">Whether the prompt was cut from the left to fit the model's context.</param>
public sealed record AbItemResult(
    int Index, char Matching, double ProbA, double ProbB, double PMatching, bool Truncated);
