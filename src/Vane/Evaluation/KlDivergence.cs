using Vane.Hooks;
using Vane.Model;

namespace Vane.Evaluation;

/// <summary>
/// KL divergence between the next-token distributions of two runs over the same
/// prompts: how much a steering edit disturbs behaviour it was not meant to touch.
/// </summary>
public static class KlDivergence
{
    /// <summary>
    /// Runs every prompt (token ids, each within the model's context) once with
    /// <paramref name="hooksA"/> (null: the plain model) and once with <paramref name="hooksB"/>,
    /// and averages KL(P_A || P_B) over the prompts' positions: every position when
    /// <paramref name="allPositions"/>, else each prompt's last. Prompts go in one batch per run.
    /// </summary>
    public static KlResult OnPrompts(
        TransformerModel model,
        IReadOnlyList<int[]> prompts,
        HookSet? hooksA,
        HookSet? hooksB,
        bool allPositions = true)
    {
        if (prompts.Count == 0)
            throw new ArgumentException("no prompts to compare", nameof(prompts));
        float[] a = Logits(model, prompts, hooksA, allPositions); // [positions, VocabSize]
        float[] b = Logits(model, prompts, hooksB, allPositions);

        int vocab = model.Config.VocabSize, n = a.Length / vocab;
        var logA = new double[vocab];
        var logB = new double[vocab];
        double kl = 0;
        int agree = 0;
        for (int i = 0; i < n; i++)
        {
            var rowA = a.AsSpan(i * vocab, vocab);
            var rowB = b.AsSpan(i * vocab, vocab);
            kl += Kl(rowA, rowB, logA, logB);
            if (LogProbs.ArgMax(rowA) == LogProbs.ArgMax(rowB))
                agree++;
        }
        return new KlResult(kl / n, (double)agree / n, n);
    }

    /// <summary>KL(P || Q) in nats for one pair of logit rows; scratch spans [VocabSize].</summary>
    static double Kl(ReadOnlySpan<float> p, ReadOnlySpan<float> q, Span<double> logP, Span<double> logQ)
    {
        LogProbs.Fill(p, logP);
        LogProbs.Fill(q, logQ);
        double sum = 0;
        for (int t = 0; t < logP.Length; t++)
            sum += Math.Exp(logP[t]) * (logP[t] - logQ[t]);
        return Math.Max(sum, 0); // rounding can leave -1e-17
    }

    static float[] Logits(TransformerModel model, IReadOnlyList<int[]> prompts, HookSet? hooks, bool all)
    {
        var slots = Enumerable.Range(0, prompts.Count).ToArray();
        var batch = TokenBatch.Append(prompts, slots, new int[prompts.Count], allLogits: all);
        return new ForwardPass(model).Run(batch, new KvCache(model.Config), hooks);
    }
}
