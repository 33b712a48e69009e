namespace Vane.Evaluation;

/// <summary>
/// Perplexity of a text: mean negative log-likelihood per scored token (nats),
/// its exponential, and how many tokens were scored.
/// </summary>
/// <param name="MeanNll">Mean of -log p(token | context) over scored tokens, in nats.</param>
/// <param name="Perplexity">exp(<paramref name="MeanNll"/>).</param>
/// <param name="TokenCount">Tokens scored (every token but the first of the stream).</param>
public sealed record PerplexityResult(double MeanNll, double Perplexity, int TokenCount);
