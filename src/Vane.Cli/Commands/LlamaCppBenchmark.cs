using Vane.Benchmarking;
using Vane.LlamaCpp;
using Vane.Model;

namespace Vane.Cli.Commands;

/// <summary>The llama.cpp side of `vane bench --vs-llamacpp`: the same prompt, steps and runs as Vane's.</summary>
public static class LlamaCppBenchmark
{
    /// <summary>
    /// Median prompt and decode tokens/s of llama.cpp on <paramref name="gguf"/>, and every decode run.
    /// </summary>
    public static (double Prompt, double Decode, double[] DecodeRuns) Run(
        string gguf,
        ModelConfig config,
        BenchmarkSettings settings)
    {
        var random = new Random(settings.Seed);
        int[] prompt = Enumerable.Range(0, settings.PromptTokens).Select(_ => random.Next(config.VocabSize)).ToArray();
        int context = settings.PromptTokens + settings.DecodeTokens + 1;
        using var cpp = new LlamaCppModel(gguf, context, Environment.ProcessorCount);
        var prompts = new List<double>();
        var decodes = new List<double>();
        for (int run = -1; run < settings.Runs; run++)
        {
            var (p, d) = cpp.Speed(prompt, settings.DecodeTokens);
            if (run < 0)
                continue; // warm-up, as for Vane
            prompts.Add(p);
            decodes.Add(d);
        }
        return (DecodeBenchmark.Median(prompts), DecodeBenchmark.Median(decodes), [.. decodes]);
    }
}
