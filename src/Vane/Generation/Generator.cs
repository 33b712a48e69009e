using System.Diagnostics;
using Vane.Hooks;
using Vane.Model;

namespace Vane.Generation;

/// <summary>
/// Generates continuations of one or more prompts: all prompts in one batched
/// prompt pass, then one token per live sequence per step, with a KV cache.
/// </summary>
public sealed class Generator(TransformerModel model)
{
    readonly ForwardPass _pass = new(model);

    /// <summary>Sparse products for the decode steps (activation sparsity), or null for dense.</summary>
    public ISparseLinear? Sparse
    {
        get => _pass.Sparse;
        set => _pass.Sparse = value;
    }

    /// <summary>Timings of the last call.</summary>
    public GenerationStats? LastStats { get; private set; }

    /// <summary>
    /// Continues each prompt of <paramref name="prompts"/> (token ids). <paramref name="onToken"/>
    /// is called with (prompt index, token) as tokens are chosen; hooks apply to every pass.
    /// </summary>
    public GenerationResult[] Generate(
        IReadOnlyList<int[]> prompts,
        GenerationOptions options,
        HookSet? hooks = null,
        Action<int, int>? onToken = null)
    {
        if (prompts.Count == 0)
            return [];
        if (options.MaxNewTokens < 0)
            throw new ArgumentOutOfRangeException(nameof(options), $"max new tokens is {options.MaxNewTokens}");
        var sampler = new Sampler(options.Sampling);
        var cache = new KvCache(model.Config);
        var output = prompts.Select(_ => new List<int>()).ToArray();
        var reason = new StopReason[prompts.Count];
        var live = Enumerable.Range(0, prompts.Count).ToList();

        // prompt pass: every prompt in one batch, logits at each last token
        var sw = Stopwatch.StartNew();
        float[] logits = options.MaxNewTokens == 0 ? [] : _pass.Run(
            TokenBatch.Append(prompts, live, live.Select(_ => 0).ToArray()), cache, hooks);
        double promptSeconds = sw.Elapsed.TotalSeconds;
        int promptTokens = prompts.Sum(p => p.Length);
        if (options.MaxNewTokens == 0)
            live.Clear();

        sw.Restart();
        int decodeTokens = 0;
        while (live.Count > 0)
        {
            var next = new List<int>();
            var stillLive = new List<int>();
            for (int i = 0; i < live.Count; i++)
            {
                int s = live[i];
                int token = sampler.Sample(logits.AsSpan(i * model.Config.VocabSize, model.Config.VocabSize));
                if (options.StopIds.Contains(token))
                {
                    reason[s] = StopReason.Eos;
                    continue;
                }
                output[s].Add(token);
                onToken?.Invoke(s, token);
                if (output[s].Count >= options.MaxNewTokens)
                    reason[s] = StopReason.MaxTokens;
                else if (cache.Length(s) >= model.Config.MaxPositions)
                    reason[s] = StopReason.ContextFull;
                else
                {
                    stillLive.Add(s);
                    next.Add(token);
                }
            }
            live = stillLive;
            if (live.Count == 0)
                break;
            // one decode step for all live sequences
            var positions = live.Select(cache.Length).ToArray();
            logits = _pass.Run(new TokenBatch([.. next], positions, [.. live],
                Enumerable.Range(0, live.Count).ToArray()), cache, hooks);
            decodeTokens += live.Count;
        }
        LastStats = new GenerationStats(promptTokens, promptSeconds, decodeTokens, sw.Elapsed.TotalSeconds);
        return prompts.Select((p, i) => new GenerationResult(p, [.. output[i]], reason[i])).ToArray();
    }
}
