namespace Vane.Evaluation;

/// <summary>
/// One CAA A/B question: the question text with its lettered choices, and which
/// letter ('A' or 'B') shows the behaviour being measured.
/// </summary>
/// <param name="Question">The question and its choices, as written in the data set.</param>
/// <param name="Matching">The letter of the answer matching the behaviour.</param>
/// <param name="NotMatching">The other letter.</param>
public sealed record AbItem(string Question, char Matching, char NotMatching);
