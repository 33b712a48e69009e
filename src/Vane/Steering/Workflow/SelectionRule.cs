namespace Vane.Steering;

/// <summary>
/// How `vane steer` picks a block and strength: among the cells whose off-target perplexity
/// rises by at most the cap and whose effect is positive, the largest effect per unit of side
/// effect, score = effect / (0.05 + side), where side is the relative perplexity rise (or, without
/// off-target text, the mean KL divergence on the prompts). The 0.05 floor treats side effects
/// under about 5% as noise, so that among cheap settings the strongest effect wins.
/// </summary>
public static class SelectionRule
{
    /// <summary>The rule in one sentence, for reports.</summary>
    public const string Text =
        "among settings whose off-target perplexity rises by at most the cap and whose effect is positive, " +
        "the largest score = effect / (0.05 + side effect), side effect being the relative perplexity rise " +
        "(or the mean KL divergence when no off-target text is given)";

    /// <summary>The chosen cell of <paramref name="sweep"/>, or null when none qualifies.</summary>
    public static SweepCell? Choose(IEnumerable<SweepCell> sweep, double maxPerplexityRise, bool hasPerplexity) =>
        sweep.Where(c => c.Effect > 0 && (!hasPerplexity || c.PerplexityRise <= maxPerplexityRise))
            .OrderByDescending(c => Score(c, hasPerplexity))
            .ThenBy(c => Math.Abs(c.Strength))
            .FirstOrDefault();

    /// <summary>The score of one cell.</summary>
    public static double Score(SweepCell c, bool hasPerplexity) =>
        c.Effect / (0.05 + Math.Max(0, hasPerplexity ? c.PerplexityRise : c.Kl));
}
