using Vane.Evaluation;
using Vane.Generation;
using Vane.Hooks;
using Vane.Loading;
using Vane.Model;
using Vane.Steering;
using Vane.Tokenization;
using Xunit.Abstractions;

namespace Vane.Tests.Steering.Dynamic;

/// <summary>
/// DAC against fixed-strength steering on the 20 neutral prompts (greedy, 40 tokens): sea-word
/// share and the perplexity of the generated text under the unsteered model. The numbers go
/// to the test output; only robust facts are asserted.
/// </summary>
public class DacAcceptanceTests(ITestOutputHelper output)
{
    const int NewTokens = 40;
    const float AMax = 2f;

    [Fact]
    public void DacIsMoreFluentThanFixedMaximumSteering()
    {
        using var model = ModelLoader.Load(SharedData.DemoModel);
        var tokenizer = ModelLoader.LoadTokenizer(SharedData.DemoModel)!;
        var sea = DynamicGeneratorTests.SeaVector(model, tokenizer);
        var seaWords = WordList.Load(DynamicGeneratorTests.Repo("examples/sea-words.txt"));
        var prompts = File.ReadAllLines(DynamicGeneratorTests.Repo("examples/neutral-prompts.txt"))
            .Where(l => l.Length > 0).Select(p => tokenizer.Encode(p)).ToList();

        var dac = new DynamicGenerator(model).Generate(prompts, [new DacProperty(sea) { MaxStrength = AMax }],
            new DacOptions { MaxNewTokens = NewTokens, StopIds = tokenizer.EosIds });
        var dacOut = dac.Select(r => r.GeneratedIds).ToList();
        var (dacShare, dacPpl) = Measure(model, tokenizer, prompts, dacOut, seaWords);
        var (plainShare, plainPpl) = Measure(model, tokenizer, prompts,
            Fixed(model, tokenizer, sea, prompts, 0), seaWords);
        var (maxShare, maxPpl) = Measure(model, tokenizer, prompts,
            Fixed(model, tokenizer, sea, prompts, AMax), seaWords);

        // the fixed strength whose sea share is closest to DAC's
        var sweep = Enumerable.Range(1, 12).Select(i => i * 0.1f)
            .Select(c => (C: c,
                M: Measure(model, tokenizer, prompts, Fixed(model, tokenizer, sea, prompts, c), seaWords)))
            .ToList();
        var tuned = sweep.MinBy(s => Math.Abs(s.M.Share - dacShare));

        double early = MeanStrength(dac, 0, 5), late = MeanStrength(dac, 29, 40), all = MeanStrength(dac, 0, NewTokens);
        output.WriteLine($"unsteered:        sea share {plainShare:P2}, perplexity {plainPpl:F2}");
        output.WriteLine($"DAC (a_max {AMax}):   sea share {dacShare:P2}, perplexity {dacPpl:F2}, mean a_t {all:F3}");
        output.WriteLine($"fixed {AMax}:          sea share {maxShare:P2}, perplexity {maxPpl:F2}");
        output.WriteLine($"fixed {tuned.C:F1} (tuned): sea share {tuned.M.Share:P2}, perplexity {tuned.M.Ppl:F2}");
        foreach (var (c, m) in sweep)
            output.WriteLine($"  fixed {c:F1}: sea share {m.Share:P2}, perplexity {m.Ppl:F2}");
        output.WriteLine($"mean a_t over steps 1-5 {early:F3}, steps 30-40 {late:F3}");
        for (int t = 0; t < NewTokens; t += 5)
            output.WriteLine($"  steps {t + 1}-{t + 5}: mean a_t {MeanStrength(dac, t, t + 5):F3}");

        Assert.True(dacPpl < maxPpl, $"DAC perplexity {dacPpl:F2} not below fixed a_max {maxPpl:F2}");
        Assert.True(dacShare > plainShare, $"DAC sea share {dacShare:P2} not above unsteered {plainShare:P2}");
        Assert.All(dac, r => Assert.All(r.Strengths[0], a => Assert.InRange(a, 0f, AMax)));
    }

    /// <summary>Mean a_t over steps [from, to) of every prompt that reached them.</summary>
    static double MeanStrength(DacResult[] runs, int from, int to) =>
        runs.SelectMany(r => r.Strengths[0].Skip(from).Take(to - from)).DefaultIfEmpty().Average(a => (double)a);

    static List<int[]> Fixed(TransformerModel model, TextTokenizer tokenizer, SteeringVector v,
        List<int[]> prompts, float c)
    {
        var hooks = new HookSet(model.Config);
        using var steer = SteeringHooks.Apply(hooks, v, new SteeringOptions { Strength = c });
        return new Generator(model).Generate(prompts,
            new GenerationOptions { MaxNewTokens = NewTokens, StopIds = tokenizer.EosIds }, hooks)
            .Select(r => r.GeneratedIds).ToList();
    }

    /// <summary>
    /// Pooled sea-word share of the texts, and the unsteered perplexity of the generated tokens given their
    /// prompts.
    /// </summary>
    static (double Share, double Ppl) Measure(
        TransformerModel model, TextTokenizer tokenizer, List<int[]> prompts, List<int[]> generated, WordList words)
    {
        var all = generated.SelectMany(g => Words.Split(tokenizer.Decode(g))).ToList();
        double share = all.Count == 0 ? 0 : all.Count(words.Contains) / (double)all.Count;
        int vocab = model.Config.VocabSize;
        double nll = 0;
        int scored = 0;
        for (int i = 0; i < prompts.Count; i++)
        {
            if (generated[i].Length == 0)
                continue;
            int[] ids = [.. prompts[i], .. generated[i]];
            float[] logits = new ForwardPass(model).Run(TokenBatch.Single(ids, allLogits: true),
                new KvCache(model.Config));
            for (int p = prompts[i].Length - 1; p < ids.Length - 1; p++)
            {
                var row = logits.AsSpan(p * vocab, vocab);
                nll += LogProbs.LogSumExp(row) - row[ids[p + 1]];
                scored++;
            }
        }
        return (share, Math.Exp(nll / Math.Max(scored, 1)));
    }
}
