using Vane.Hooks;
using Vane.Model;
using Vane.Tokenization;
using Vane.Tokenization.Chat;

namespace Vane.Evaluation;

/// <summary>
/// CAA's A/B behaviour probability. Each prompt ends where the answer letter comes,
/// after an opening parenthesis, as CAA does:
/// without a chat format <c>{question}\n\nAnswer: (</c>; with one, the question as the user
/// turn, the assistant header, then <c>(</c>. P(A) and P(B) are read from the next-token
/// distribution and p(matching) = P(match) / (P(A) + P(B)).
/// </summary>
public sealed class AbEvaluation(TransformerModel model, TextTokenizer tokenizer)
{
    /// <summary>Chat format to wrap each question in (e.g. ChatTemplates.For(tokenizer)); null: plain text.</summary>
    public ChatFormat? Chat { get; init; }

    /// <summary>Prompts per forward pass (each gets its own KV-cache slot).</summary>
    public int BatchSize { get; init; } = 8;

    /// <summary>The prompt text for <paramref name="item"/>, ending with "(".</summary>
    public string BuildPrompt(AbItem item) =>
        Chat is null
            ? item.Question + "\n\nAnswer: ("
            : Chat.Render([new ChatMessage("user", item.Question)]) + "(";

    /// <summary>
    /// Answers every item with <paramref name="hooks"/> applied (null: the plain model).
    /// Prompts longer than the model's context keep BOS and their last tokens, and are flagged.
    /// </summary>
    public AbResult Run(IReadOnlyList<AbItem> items, HookSet? hooks = null)
    {
        if (items.Count == 0)
            throw new ArgumentException("no A/B items to evaluate", nameof(items));
        if (BatchSize < 1)
            throw new InvalidOperationException($"batch size is {BatchSize}");
        var prompts = items.Select(Encode).ToList();
        var results = new List<AbItemResult>();
        var pass = new ForwardPass(model);
        for (int start = 0; start < items.Count; start += BatchSize)
        {
            int n = Math.Min(BatchSize, items.Count - start);
            var batch = prompts.Skip(start).Take(n).ToList();
            var slots = Enumerable.Range(0, n).ToArray();
            float[] logits = pass.Run(TokenBatch.Append(batch.Select(p => p.Ids).ToList(), slots, new int[n]),
                new KvCache(model.Config), hooks); // [n, VocabSize]
            for (int i = 0; i < n; i++)
                results.Add(Answer(start + i, i, items[start + i], batch[i], logits));
        }
        return new AbResult(results,
            results.Average(r => r.PMatching), results.Average(r => r.ProbA + r.ProbB));
    }

    /// <summary>Reads P(A), P(B) from row <paramref name="row"/> of the batch's logits.</summary>
    AbItemResult Answer(int index, int row, AbItem item, EncodedPrompt prompt, float[] logits)
    {
        int vocab = model.Config.VocabSize;
        var span = logits.AsSpan(row * vocab, vocab);
        double lse = LogProbs.LogSumExp(span);
        double pA = Math.Exp(span[prompt.IdA] - lse), pB = Math.Exp(span[prompt.IdB] - lse);
        double pMatch = (item.Matching == 'A' ? pA : pB) / (pA + pB);
        return new AbItemResult(index, item.Matching, pA, pB, pMatch, prompt.Truncated);
    }

    /// <summary>Token ids of a prompt, the ids of "A" and "B" right after it, and whether it was cut.</summary>
    readonly record struct EncodedPrompt(int[] Ids, int IdA, int IdB, bool Truncated);

    EncodedPrompt Encode(AbItem item, int index)
    {
        string text = BuildPrompt(item);
        bool special = !(Chat is not null && tokenizer.BosToken is { } bos && text.StartsWith(bos));
        int[] ids = tokenizer.Encode(text, special);
        int idA = LetterId(text, ids, "A", special, index);
        int idB = LetterId(text, ids, "B", special, index);
        int max = model.Config.MaxPositions;
        if (ids.Length <= max)
            return new EncodedPrompt(ids, idA, idB, false);
        bool hasBos = tokenizer.BosId is { } b && ids[0] == b;
        int[] cut = hasBos ? [ids[0], .. ids[^(max - 1)..]] : ids[^max..];
        return new EncodedPrompt(cut, idA, idB, true);
    }

    /// <summary>
    /// The id the tokenizer gives <paramref name="letter"/> right after the prompt's "(":
    /// the one extra id when encoding prompt + letter; if the letter merges with "(",
    /// the letter's own piece (with or without SentencePiece's leading "▁").
    /// </summary>
    int LetterId(string text, int[] ids, string letter, bool special, int index)
    {
        int[] with = tokenizer.Encode(text + letter, special);
        if (with.Length == ids.Length + 1 && with.AsSpan(0, ids.Length).SequenceEqual(ids))
            return with[^1];
        return tokenizer.TokenToId(letter) ?? tokenizer.TokenToId("\u2581" + letter)
            ?? throw new InvalidOperationException(
                $"item {index}: the tokenizer has no single token for \"{letter}\" after \"(\"; " +
                "A/B evaluation needs the answer letter to be one token");
    }
}
