using Vane.Hooks;
using Vane.Model;
using Vane.Tokenization;

namespace Vane.Steering;

/// <summary>
/// The aggregated activations hbar of single prompts at hook_resid_post of chosen blocks: the
/// mean over each prompt's tokens and its last token, read in batched passes.
/// </summary>
/// <param name="Count">Number of prompts.</param>
/// <param name="DModel">Width of each activation.</param>
/// <param name="Mean">Mean over tokens by block: [Count, DModel] flattened.</param>
/// <param name="Last">Last token by block: [Count, DModel] flattened.</param>
public sealed record PromptActivations(
    int Count,
    int DModel,
    IReadOnlyDictionary<int, float[]> Mean,
    IReadOnlyDictionary<int, float[]> Last)
{
    /// <summary>
    /// The activations of prompt <paramref name="i"/> at <paramref name="layer"/>, aggregated by
    /// <paramref name="how"/>.
    /// </summary>
    public ReadOnlySpan<float> Of(int i, int layer, ConditionAggregation how) =>
        (how == ConditionAggregation.Mean ? Mean : Last)[layer].AsSpan(i * DModel, DModel);

    /// <summary>
    /// Runs <paramref name="model"/> over <paramref name="prompts"/> (encoded as `vane generate`
    /// encodes a prompt) and keeps hbar at <paramref name="layers"/>. The model is only read.
    /// </summary>
    /// <exception cref="ArgumentException">No prompts, an empty prompt, or one longer than the context.</exception>
    public static PromptActivations Read(
        TransformerModel model,
        TextTokenizer tokenizer,
        IReadOnlyList<string> prompts,
        IReadOnlyList<int> layers,
        int maxBatchTokens = 2048)
    {
        if (prompts.Count == 0)
            throw new ArgumentException("no prompts to read", nameof(prompts));
        var config = model.Config;
        int n = prompts.Count, d = config.DModel;
        var tokens = prompts.Select(p => tokenizer.Encode(p)).ToArray();
        for (int i = 0; i < n; i++)
            if (tokens[i].Length == 0 || tokens[i].Length > config.MaxPositions)
                throw new ArgumentException(
                    $"prompt {i + 1} has {tokens[i].Length} tokens, expected 1..{config.MaxPositions}: " +
                    $"\"{prompts[i]}\"");

        var mean = layers.ToDictionary(l => l, _ => new float[n * d]); // [n, DModel] per block
        var last = layers.ToDictionary(l => l, _ => new float[n * d]);
        var hooks = new HookSet(config);
        using var reg = hooks.Add(string.Join(",", layers.Select(l => HookSites.Name(l, BlockSite.ResidPost))), ctx =>
        {
            for (int r = 0; r < ctx.Rows; r++)
            {
                int i = ctx.Sequences[r], len = tokens[i].Length;
                var row = ctx.Row(r);
                var m = mean[ctx.Layer].AsSpan(i * d, d);
                for (int j = 0; j < d; j++)
                    m[j] += row[j] / len;
                if (ctx.Positions[r] == len - 1)
                    row.CopyTo(last[ctx.Layer].AsSpan(i * d, d));
            }
        });

        var pass = new ForwardPass(model);
        foreach (var ids in Chunks(tokens, maxBatchTokens))
            pass.Run(TokenBatch.Append(ids.Select(i => tokens[i]).ToArray(), ids, new int[ids.Length]),
                new KvCache(config), hooks);
        return new PromptActivations(n, d, mean, last);
    }

    // prompt indices in groups whose token total stays under the budget
    static IEnumerable<int[]> Chunks(int[][] tokens, int budget)
    {
        var group = new List<int>();
        int total = 0;
        for (int i = 0; i < tokens.Length; i++)
        {
            if (group.Count > 0 && total + tokens[i].Length > budget)
            {
                yield return [.. group];
                (group, total) = ([], 0);
            }
            group.Add(i);
            total += tokens[i].Length;
        }
        yield return [.. group];
    }
}
