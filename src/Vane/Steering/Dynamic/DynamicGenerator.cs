using Vane.Generation;
using Vane.Hooks;
using Vane.Model;

namespace Vane.Steering;

/// <summary>
/// Generates with Dynamic Activation Composition (docs/methods.md section 5). Each step
/// runs, in one batch, the unsteered model and each property alone at a_max (the probes);
/// the restricted KL between the two next-token distributions sets that property's a_t;
/// then the composed run, with every property at its own a_t, chooses the token, which all
/// slots are fed next. The composed pass must follow the probes because its steering of
/// the current row depends on their output logits, so a step costs two passes: one of
/// P (K + 1) rows, one of P rows, for P prompts and K properties.
/// </summary>
public sealed class DynamicGenerator(TransformerModel model)
{
    readonly ForwardPass _pass = new(model);
    readonly int _vocab = model.Config.VocabSize;

    /// <summary>
    /// Continues every prompt of <paramref name="prompts"/> (token ids) under
    /// <paramref name="properties"/>. <paramref name="onToken"/> gets (prompt index, token,
    /// a_t per property) as tokens are chosen. The model is never changed.
    /// </summary>
    public DacResult[] Generate(
        IReadOnlyList<int[]> prompts,
        IReadOnlyList<DacProperty> properties,
        DacOptions options,
        Action<int, int, float[]>? onToken = null)
    {
        options.Validate();
        if (prompts.Any(p => p.Length == 0))
            throw new ArgumentException("a prompt has no tokens; DAC needs at least one to condition on");
        int n = prompts.Count, k = properties.Count;
        var slots = new DacSlots(n, properties);
        var hooks = new HookSet(model.Config);
        using var steer = slots.Apply(hooks);
        var cache = new KvCache(model.Config);
        var sampler = new Sampler(options.Sampling);
        var runs = Enumerable.Range(0, n).Select(i => new Run(prompts[i], k)).ToArray();
        if (options.MaxNewTokens == 0 || n == 0)
            return runs.Select(r => r.Result()).ToArray();

        // probes read the whole prompt first, then one emitted token per step
        var live = Enumerable.Range(0, n).ToList();
        float[] probes = Probe(live, i => prompts[i], slots, cache, hooks);
        while (live.Count > 0)
        {
            for (int j = 0; j < live.Count; j++)
                SetStrengths(live[j], j, probes, properties, options, slots, runs[live[j]]);

            // the composed run: prompt on the first step, the last token afterwards
            float[] composed = Compose(live, runs, slots, cache, hooks);
            var stillLive = new List<int>();
            for (int j = 0; j < live.Count; j++)
            {
                int i = live[j];
                int token = sampler.Sample(composed.AsSpan(j * _vocab, _vocab));
                if (runs[i].Accept(token, options, cache.Length(slots.Composed(i)), model.Config.MaxPositions))
                {
                    onToken?.Invoke(i, token, runs[i].LastStrengths());
                    stillLive.Add(i);
                }
                else if (!options.StopIds.Contains(token))
                    onToken?.Invoke(i, token, runs[i].LastStrengths());
            }
            live = stillLive;
            if (live.Count > 0)
                probes = Probe(live, i => [runs[i].Output[^1]], slots, cache, hooks);
        }
        return runs.Select(r => r.Result()).ToArray();
    }

    /// <summary>
    /// One pass over the unsteered and steered slots of <paramref name="live"/>;
    /// logits [live * (K+1), VocabSize], grouped by prompt.
    /// </summary>
    float[] Probe(List<int> live, Func<int, int[]> tokens, DacSlots slots, KvCache cache, HookSet hooks)
    {
        var seqs = new List<int>();
        var rows = new List<int[]>();
        foreach (int i in live)
            for (int s = 0; s < slots.PerPrompt - 1; s++)
            {
                seqs.Add(slots.Unsteered(i) + s);
                rows.Add(tokens(i));
            }
        return _pass.Run(TokenBatch.Append(rows, seqs, seqs.Select(cache.Length).ToArray()), cache, hooks);
    }

    /// <summary>One pass over the composed slots of <paramref name="live"/>; logits [live, VocabSize].</summary>
    float[] Compose(List<int> live, Run[] runs, DacSlots slots, KvCache cache, HookSet hooks)
    {
        var seqs = live.Select(slots.Composed).ToArray();
        var rows = live.Select(i => runs[i].Output.Count == 0 ? runs[i].Prompt : [runs[i].Output[^1]]).ToArray();
        return _pass.Run(TokenBatch.Append(rows, seqs, seqs.Select(cache.Length).ToArray()), cache, hooks);
    }

    /// <summary>
    /// Sets a_t of each property for prompt <paramref name="i"/>, whose probes are
    /// group <paramref name="j"/> of <paramref name="probes"/>.
    /// </summary>
    void SetStrengths(
        int i,
        int j,
        float[] probes,
        IReadOnlyList<DacProperty> properties,
        DacOptions options,
        DacSlots slots,
        Run run)
    {
        int group = j * (properties.Count + 1);
        var plain = probes.AsSpan(group * _vocab, _vocab);
        for (int k = 0; k < properties.Count; k++)
        {
            var steered = probes.AsSpan((group + 1 + k) * _vocab, _vocab);
            double kl = DacStrength.RestrictedKl(plain, steered, options.TopP);
            float a = options.FixedStrength ?? DacStrength.Clip(kl, properties[k].MaxStrength);
            slots.SetStrength(i, k, a);
            run.Strengths[k].Add(a);
            run.Divergences[k].Add(kl);
        }
    }

    /// <summary>The state of one prompt's continuation.</summary>
    sealed class Run(int[] prompt, int properties)
    {
        public readonly int[] Prompt = prompt;
        public readonly List<int> Output = [];
        public readonly List<float>[] Strengths = Lists<float>(properties);   // [properties][steps]
        public readonly List<double>[] Divergences = Lists<double>(properties); // [properties][steps]

        /// <summary>Records <paramref name="token"/> unless it stops the run; whether the run goes on.</summary>
        public bool Accept(int token, DacOptions o, int composedLength, int maxPositions)
        {
            if (o.StopIds.Contains(token))
                return false;
            Output.Add(token);
            return Output.Count < o.MaxNewTokens && composedLength < maxPositions;
        }

        static List<T>[] Lists<T>(int n) => Enumerable.Range(0, n).Select(_ => new List<T>()).ToArray();

        public float[] LastStrengths() => Strengths.Select(s => s[^1]).ToArray();

        public DacResult Result() => new(Prompt, [.. Output],
            Strengths.Select(s => s.ToArray()).ToArray(), Divergences.Select(d => d.ToArray()).ToArray());
    }
}
