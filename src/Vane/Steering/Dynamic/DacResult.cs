namespace Vane.Steering;

/// <summary>The outcome of DAC generation for one prompt.</summary>
/// <param name="PromptIds">The prompt as given.</param>
/// <param name="GeneratedIds">New tokens, without a stop token.</param>
/// <param name="Strengths">
/// a_t per property and step [properties][steps]: the strength each property had when
/// the token of that step was chosen (a stop token's step included).
/// </param>
/// <param name="Divergences">The restricted KL behind each a_t, before clipping [properties][steps].</param>
public sealed record DacResult(int[] PromptIds, int[] GeneratedIds, float[][] Strengths, double[][] Divergences);
