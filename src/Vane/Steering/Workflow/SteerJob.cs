using System.Diagnostics;
using Vane.Evaluation;
using Vane.Generation;
using Vane.Hooks;
using Vane.Model;
using Vane.Tokenization;

namespace Vane.Steering;

/// <summary>The outcome of <see cref="SteerJob.Run"/>: the report and the vectors behind it.</summary>
/// <param name="Report">Everything measured.</param>
/// <param name="AllLayers">The extracted vector at every block, unscaled.</param>
/// <param name="Chosen">The chosen block's direction times the chosen strength, or null.</param>
public sealed record SteerJobResult(SteerReport Report, SteeringVector AllLayers, SteeringVector? Chosen);

/// <summary>
/// The main job: extract a direction from contrast pairs at every block, sweep blocks and
/// strengths measuring effect and side effect, choose by <see cref="SelectionRule"/>, and
/// generate steered and unsteered continuations side by side.
/// </summary>
public sealed class SteerJob(TransformerModel model, TextTokenizer tokenizer, SteerJobOptions options)
{
    readonly Dictionary<string, double> _timings = new();

    /// <summary>
    /// Runs the job on the pairs of <paramref name="pairsPath"/>; <paramref name="progress"/> gets (done,
    /// total) cells.
    /// </summary>
    public SteerJobResult Run(string modelName, string pairsPath, Action<string, int, int>? progress = null)
    {
        var pairs = JsonlPairs.Read(pairsPath);
        int[] layers = (options.Layers ?? LayerSelection.Range(1, model.Config.NLayers - 1))
            .Resolve(model.Config.NLayers);
        if (options.Strengths.Count == 0 || options.Strengths.Any(s => !float.IsFinite(s)))
            throw new ArgumentException("strengths must be a non-empty list of finite numbers");

        var extraction = Timed("extract", () => DirectionExtractor.Extract(model, tokenizer, pairs,
            new ExtractionOptions { Method = options.Method }));
        var vector = extraction.Vector;
        var prompts = options.EvalPrompts.Select(p => tokenizer.Encode(p)).ToList();
        int[]? neutral = options.NeutralText is null ? null : tokenizer.Encode(options.NeutralText);

        var baselineOut = Generate(prompts, null);
        double? basePpl = neutral is null ? null : Perplexity(neutral, null);
        var baseline = Cell(-1, 0, baselineOut, basePpl, null, 0);

        var sweep = new List<SweepCell>();
        int total = layers.Length * options.Strengths.Count, done = 0;
        Timed("sweep", () =>
        {
            foreach (int layer in layers)
                foreach (float strength in options.Strengths)
                {
                    progress?.Invoke($"block {layer}, strength {strength:g3}", done++, total);
                    sweep.Add(Measure(vector, layer, strength, prompts, neutral, baseline));
                }
            progress?.Invoke("sweep done", total, total);
            return 0;
        });

        var chosen = SelectionRule.Choose(sweep, options.MaxPerplexityRise, neutral is not null);
        SweepCell? negated = null;
        var samples = new List<SampleRow>();
        SteeringVector? chosenVector = null;
        DynamicSection? dynamic = null;
        ConditionalSection? conditional = null;
        if (chosen is not null)
        {
            negated = Measure(vector, chosen.Layer, -chosen.Strength, prompts, neutral, baseline);
            samples = Timed("samples", () => Samples(vector, chosen, prompts, baselineOut));
            if (options.Condition is { } condition)
                conditional = Timed("cast", () => Gated(vector, chosen, condition, prompts, baselineOut));
            if (options.Dynamic)
                dynamic = Timed("dac", () => Dynamic(vector, chosen, prompts));
            chosenVector = new SteeringVector(vector.DModel,
                new Dictionary<int, float[]> { [chosen.Layer] = vector.Directions[chosen.Layer] })
            {
                ModelHint = modelName,
                Metadata = Provenance(extraction, chosen),
            }.Scale(chosen.Strength);
        }

        TransportSection? transport = options.Transport is { } map
            ? Timed("transport", () => Transported(map, prompts, baselineOut))
            : null;

        var report = new SteerReport
        {
            Model = modelName,
            Pairs = pairsPath,
            Method = ExtractionReport.MethodName(options.Method),
            ReadPosition = extraction.Report.ReadPosition,
            TrainPairs = extraction.Report.NPairs - extraction.Report.NHeldOut,
            HeldOutPairs = extraction.Report.NHeldOut,
            EffectMeasure = EffectMeasure,
            SelectionRule = SelectionRule.Text + $" (cap {options.MaxPerplexityRise:P0})",
            Layers = extraction.Report.Layers.Select(l => new LayerQuality(l.Layer, l.Norm, l.SignAgreement,
                l.Separation, options.Method is DirectionMethod.PcaDiff or DirectionMethod.PcaCenter
                    ? l.ExplainedVariance : null)).ToList(),
            Baseline = baseline,
            Sweep = sweep,
            Chosen = chosen,
            ChosenNegated = negated,
            Samples = samples,
            Dynamic = dynamic,
            Conditional = conditional,
            Transport = transport,
            Timings = _timings,
        };
        var all = new SteeringVector(vector.DModel, vector.Directions.Where(kv => kv.Key > 0)
            .ToDictionary(kv => kv.Key, kv => kv.Value))
        {
            ModelHint = modelName,
            Metadata = extraction.Report.ToMetadata(),
        };
        return new SteerJobResult(report, all, chosenVector);
    }

    string EffectMeasure => options.TargetWords is null
        ? "mean KL divergence from the unsteered model on the prompts (no target word list given)"
        : "share of generated words in the target word list, minus the unsteered share";

    SweepCell Measure(SteeringVector vector, int layer, float strength, List<int[]> prompts, int[]? neutral,
        SweepCell baseline)
    {
        var hooks = new HookSet(model.Config);
        using var steer = SteeringHooks.Apply(hooks, vector,
            new SteeringOptions { Strength = strength, Layers = LayerSelection.Of(layer) });
        var outputs = Generate(prompts, hooks);
        double? ppl = neutral is null ? null : Perplexity(neutral, hooks);
        double kl = KlDivergence.OnPrompts(model, prompts, null, hooks, allPositions: false).MeanKl;
        return Cell(layer, strength, outputs, ppl, baseline, kl);
    }

    SweepCell Cell(int layer, float strength, List<string> outputs, double? ppl, SweepCell? baseline, double kl)
    {
        var words = outputs.SelectMany(Words.Split).ToList();
        double? target = options.TargetWords is { } t ? Share(words, t) : null;
        double? opposite = options.OppositeWords is { } o ? Share(words, o) : null;
        double effect = baseline is null ? 0
            : target is double s && baseline.TargetShare is double s0 ? s - s0 : kl;
        double rise = ppl is double p && baseline?.Perplexity is double p0 ? p / p0 - 1 : 0;
        return new SweepCell(layer, strength, effect, target, opposite, ppl, rise, kl);
    }

    static double Share(List<string> words, WordList list) =>
        words.Count == 0 ? 0 : words.Count(list.Contains) / (double)words.Count;

    List<string> Generate(List<int[]> prompts, HookSet? hooks)
    {
        var results = new Generator(model).Generate(prompts,
            new GenerationOptions { MaxNewTokens = options.MaxNewTokens, StopIds = tokenizer.EosIds }, hooks);
        return results.Select(r => tokenizer.Decode(r.GeneratedIds)).ToList();
    }

    double Perplexity(int[] neutral, HookSet? hooks)
    {
        int window = Math.Min(model.Config.MaxPositions, 256);
        return Evaluation.Perplexity.Compute(model, neutral, window, window / 2, hooks, options.NeutralTokens)
            .Perplexity;
    }

    List<SampleRow> Samples(SteeringVector vector, SweepCell chosen, List<int[]> prompts, List<string> plain)
    {
        List<string> With(float strength)
        {
            var hooks = new HookSet(model.Config);
            using var _ = SteeringHooks.Apply(hooks, vector,
                new SteeringOptions { Strength = strength, Layers = LayerSelection.Of(chosen.Layer) });
            return Generate(prompts, hooks);
        }
        var steered = With(chosen.Strength);
        var negated = With(-chosen.Strength);
        return options.EvalPrompts.Select((p, i) => new SampleRow(p, plain[i], steered[i], negated[i])).ToList();
    }

    ConditionalSection Gated(
        SteeringVector vector,
        SweepCell chosen,
        Condition condition,
        List<int[]> prompts,
        List<string> plain)
    {
        var hooks = new HookSet(model.Config);
        var rule = new SteeringRule(new RuleExpression.Variable(condition.Name), vector, chosen.Strength,
            LayerSelection.Of(chosen.Layer));
        using var cast = ConditionalSteering.Apply(hooks, PromptLengths.Of(prompts), [condition], [rule]);
        var texts = Generate(prompts, hooks);
        var rows = options.EvalPrompts.Select((p, i) => new GatedSample(p, cast.Holds(i, condition.Name) == true,
            texts[i])).ToList();
        return new ConditionalSection(condition.Name,
            rows.Count(r => r.Holds),
            rows.Where((r, i) => r.Holds && texts[i] != plain[i]).Count(),
            rows.Where((r, i) => !r.Holds && texts[i] == plain[i]).Count(),
            rows);
    }

    TransportSection Transported(TransportMap map, List<int[]> prompts, List<string> plain)
    {
        float[] lambdas = [0f, 0.25f, 0.5f, 0.75f, 1f];
        var outputs = lambdas.Select(lambda =>
        {
            var hooks = new HookSet(model.Config);
            using var _ = TransportHooks.Apply(hooks, map, lambda);
            return Generate(prompts, hooks);
        }).ToList();
        var shares = options.TargetWords is { } t
            ? outputs.Select(o => Share(o.SelectMany(Words.Split).ToList(), t)).ToList()
            : null;
        return new TransportSection(map.Sites.Select(s => s.Site).ToList(), lambdas, shares,
            outputs[0].SequenceEqual(plain),
            options.EvalPrompts.Select((p, i) => new DacSample(p, outputs[^1][i])).ToList());
    }

    DynamicSection Dynamic(SteeringVector vector, SweepCell chosen, List<int[]> prompts)
    {
        // the unscaled direction, a_t in [0, 2 x chosen strength]; a negative choice flips the vector
        float sign = MathF.Sign(chosen.Strength);
        var property = new DacProperty(vector.Scale(sign))
        {
            Layers = LayerSelection.Of(chosen.Layer),
            MaxStrength = 2 * Math.Abs(chosen.Strength),
        };
        var results = new DynamicGenerator(model).Generate(prompts, [property],
            new DacOptions { MaxNewTokens = options.MaxNewTokens, StopIds = tokenizer.EosIds });
        var texts = results.Select(r => tokenizer.Decode(r.GeneratedIds)).ToList();
        var words = texts.SelectMany(Words.Split).ToList();
        int steps = results.Max(r => r.Strengths[0].Length);
        var byStep = Enumerable.Range(0, steps).Select(t => results.Where(r => r.Strengths[0].Length > t)
            .Average(r => (double)r.Strengths[0][t])).ToList();
        return new DynamicSection(property.MaxStrength,
            options.TargetWords is { } t ? Share(words, t) : null,
            options.OppositeWords is { } o ? Share(words, o) : null,
            byStep.Take(5).DefaultIfEmpty(0).Average(),
            byStep.Skip(Math.Max(0, steps - 10)).DefaultIfEmpty(0).Average(),
            byStep,
            options.EvalPrompts.Select((p, i) => new DacSample(p, texts[i])).ToList());
    }

    static Dictionary<string, string> Provenance(Extraction extraction, SweepCell chosen)
    {
        var meta = new Dictionary<string, string>(extraction.Report.ToMetadata())
        {
            ["vane.chosen.layer"] = chosen.Layer.ToString(),
            ["vane.chosen.strength"] = chosen.Strength.ToString("R"),
            ["vane.chosen.effect"] = chosen.Effect.ToString("R"),
            ["vane.chosen.perplexity_rise"] = chosen.PerplexityRise.ToString("R"),
        };
        return meta;
    }

    T Timed<T>(string stage, Func<T> work)
    {
        var sw = Stopwatch.StartNew();
        T result = work();
        _timings[stage] = sw.Elapsed.TotalSeconds;
        return result;
    }
}
