using Vane.Benchmarking;
using Vane.Loading;
using Vane.Sparsity;

namespace Vane.Tests.Benchmarking;

public class DecodeBenchmarkTests
{
    [Fact]
    public void InterleavedRunsTimeEveryVariantOncePerRound()
    {
        using var model = ModelLoader.Load(SharedData.DemoModel);
        var empty = SparseDecode.Build(model, new SparsityPlan
        {
            Model = ModelSignature.Of(model),
            Method = SparsityMethod.TealUniform,
            Target = 0,
            Layers = [.. Enumerable.Range(0, model.Config.NLayers).Select(_ => new[]
                { InputRule.Dense, InputRule.Dense, InputRule.Dense, InputRule.Dense })],
        });
        var rounds = new List<int>();
        var results = DecodeBenchmark.RunInterleaved(model,
            new BenchmarkSettings(PromptTokens: 4, DecodeTokens: 3, Runs: 3), [null, empty], rounds.Add);

        Assert.Equal([0, 1, 2], rounds);
        Assert.Equal(2, results.Length);
        Assert.All(results, r =>
        {
            Assert.Equal(3, r.DecodeRuns.Length);
            Assert.All(r.DecodeRuns, v => Assert.True(v > 0 && double.IsFinite(v)));
            Assert.Equal(DecodeBenchmark.Median(r.DecodeRuns), r.DecodeTokensPerSecond);
        });
    }

    [Fact]
    public void PairedRatioIsTheMedianOfPerRoundRatios()
    {
        // rounds 2 and 3 were slow for both; the pairing cancels that where medians of each would not
        var baseline = new BenchmarkResult(0, 0, 0, [], [10, 5, 5, 10, 10]);
        var variant = new BenchmarkResult(0, 0, 0, [], [15, 8, 7, 14, 16]);
        Assert.Equal(1.5, DecodeBenchmark.PairedRatio(variant, baseline), 12);
    }
}
