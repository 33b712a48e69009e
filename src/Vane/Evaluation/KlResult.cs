namespace Vane.Evaluation;

/// <summary>
/// How far one run's next-token distributions are from a reference run's.
/// </summary>
/// <param name="MeanKl">Mean KL(P_reference || P_other) in nats over the compared positions; 0 when identical.</param>
/// <param name="Top1Agreement">Share of positions (0 to 1) where both runs rank the same token first.</param>
/// <param name="Positions">Number of positions compared.</param>
public sealed record KlResult(double MeanKl, double Top1Agreement, int Positions);
