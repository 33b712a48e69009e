using Vane.Hooks;
using Vane.Model;
using Vane.Tokenization;

namespace Vane.Evaluation;

/// <summary>
/// Sliding-window perplexity of held-out text, the fluency measure of steering:
/// compare a run with the caller's hooks against one without.
/// </summary>
public static class Perplexity
{
    /// <summary>
    /// Encodes <paramref name="text"/> with <paramref name="tokenizer"/> (BOS prepended when the
    /// tokenizer adds one; BOS is context only, never a target), keeps the first
    /// <paramref name="maxTokens"/> ids (BOS included) when given, and scores them as
    /// <see cref="Compute(TransformerModel, IReadOnlyList{int}, int, int, HookSet?, int?, int)"/> does.
    /// </summary>
    public static PerplexityResult Compute(
        TransformerModel model,
        TextTokenizer tokenizer,
        string text,
        int window,
        int stride,
        HookSet? hooks = null,
        int? maxTokens = null,
        int batchTokens = 2048)
    {
        int[] ids = tokenizer.Encode(text, addSpecial: true);
        return Compute(model, ids, window, stride, hooks, maxTokens, batchTokens);
    }

    /// <summary>
    /// Perplexity of the token stream <paramref name="tokens"/>. Windows of <paramref name="window"/>
    /// tokens (at most the model's context) start every <paramref name="stride"/> tokens
    /// (1 to window - 1); each token after the first is scored once, by the first window that
    /// reaches it, so it sees between window - stride and window - 1 tokens of context
    /// (fewer at the start). Windows are packed into passes of about <paramref name="batchTokens"/>
    /// rows, one KV-cache slot per window. <paramref name="hooks"/> apply to every pass.
    /// </summary>
    public static PerplexityResult Compute(
        TransformerModel model,
        IReadOnlyList<int> tokens,
        int window,
        int stride,
        HookSet? hooks = null,
        int? maxTokens = null,
        int batchTokens = 2048)
    {
        Validate(model.Config, window, stride, maxTokens, batchTokens);
        int n = Math.Min(tokens.Count, maxTokens ?? int.MaxValue);
        var ids = tokens.Take(n).ToArray();
        if (n < 2)
            throw new ArgumentException($"need at least 2 tokens to score, got {n}", nameof(tokens));

        var pass = new ForwardPass(model);
        var cache = new KvCache(model.Config);
        double nll = 0;
        int scored = 0;
        foreach (var group in Group(SlidingWindows.Plan(n, window, stride), batchTokens))
        {
            nll += ScoreGroup(pass, cache, ids, group, hooks);
            scored += group.Sum(w => w.End - w.FirstScored);
        }
        double mean = nll / scored;
        return new PerplexityResult(mean, Math.Exp(mean), scored);
    }

    /// <summary>Runs the windows of one group in one pass; returns their summed NLL.</summary>
    static double ScoreGroup(
        ForwardPass pass, KvCache cache, int[] ids, List<ScoreWindow> group, HookSet? hooks)
    {
        var (batch, targets) = BuildBatch(ids, group);
        for (int s = 0; s < group.Count; s++)
            cache.Truncate(s, 0);
        float[] logits = pass.Run(batch, cache, hooks); // [targets, VocabSize]

        int vocab = pass.Model.Config.VocabSize;
        double sum = 0;
        for (int i = 0; i < targets.Count; i++)
        {
            var row = logits.AsSpan(i * vocab, vocab);
            sum += LogProbs.LogSumExp(row) - row[targets[i]];
        }
        return sum;
    }

    /// <summary>
    /// One sequence per window, from position 0; logits only at rows that predict a
    /// scored token. Returns the batch and the target id of each logit row, in order.
    /// </summary>
    static (TokenBatch Batch, List<int> Targets) BuildBatch(int[] ids, List<ScoreWindow> group)
    {
        var tok = new List<int>();
        var pos = new List<int>();
        var seq = new List<int>();
        var logitRows = new List<int>();
        var targets = new List<int>();
        for (int s = 0; s < group.Count; s++)
        {
            var w = group[s];
            for (int p = 0; p < w.InputLength; p++)
            {
                int next = w.Begin + p + 1; // the token this row predicts
                if (next >= w.FirstScored)
                {
                    logitRows.Add(tok.Count);
                    targets.Add(ids[next]);
                }
                tok.Add(ids[w.Begin + p]);
                pos.Add(p);
                seq.Add(s);
            }
        }
        return (new TokenBatch([.. tok], [.. pos], [.. seq], [.. logitRows]), targets);
    }

    /// <summary>Packs consecutive windows into groups of at most about <paramref name="batchTokens"/> rows.</summary>
    static IEnumerable<List<ScoreWindow>> Group(List<ScoreWindow> plan, int batchTokens)
    {
        var group = new List<ScoreWindow>();
        int rows = 0;
        foreach (var w in plan)
        {
            if (group.Count > 0 && rows + w.InputLength > batchTokens)
            {
                yield return group;
                group = [];
                rows = 0;
            }
            group.Add(w);
            rows += w.InputLength;
        }
        if (group.Count > 0)
            yield return group;
    }

    static void Validate(ModelConfig config, int window, int stride, int? maxTokens, int batchTokens)
    {
        if (window < 2 || window > config.MaxPositions)
            throw new ArgumentOutOfRangeException(nameof(window),
                $"window is {window}; it must be 2 to the model's context of {config.MaxPositions} tokens");
        if (stride < 1 || stride >= window)
            throw new ArgumentOutOfRangeException(nameof(stride),
                $"stride is {stride}; it must be 1 to window - 1 = {window - 1} so that every token is scored");
        if (maxTokens is < 2)
            throw new ArgumentOutOfRangeException(nameof(maxTokens),
                $"max tokens is {maxTokens}; it must be at least 2");
        if (batchTokens < 1)
            throw new ArgumentOutOfRangeException(nameof(batchTokens), $"batch tokens is {batchTokens}");
    }
}
