using Vane.Model;
using Vane.Tokenization;

namespace Vane.Steering;

/// <summary>One point of the condition grid and its scores on the labelled prompts.</summary>
/// <param name="Layers">Blocks, combined with OR.</param>
/// <param name="Direction">Side of the threshold that meets the condition.</param>
/// <param name="Threshold">theta, a midpoint between two observed values of s.</param>
/// <param name="F1">F1 of "condition holds" against "prompt is positive".</param>
/// <param name="Precision">Positives among the prompts that meet the condition.</param>
/// <param name="Recall">Positive prompts that meet the condition.</param>
public sealed record SearchCell(
    int[] Layers, ConditionDirection Direction, float Threshold, double F1, double Precision, double Recall);

/// <summary>Settings of <see cref="ConditionSearch.Run"/>.</summary>
public sealed record ConditionSearchOptions
{
    /// <summary>Largest number of blocks combined with OR (k >= 1).</summary>
    public int MaxLayers { get; init; } = 2;

    /// <summary>Aggregation of each prompt to hbar when scoring.</summary>
    public ConditionAggregation Aggregation { get; init; } = ConditionAggregation.Mean;

    /// <summary>Candidate blocks; null means every block but 0 (a control-vector file cannot hold block 0).</summary>
    public LayerSelection? Layers { get; init; }
}

/// <summary>The outcome of a search.</summary>
/// <param name="Vector">The condition vector c for every candidate block.</param>
/// <param name="Best">The chosen point: highest F1; ties go to fewer blocks, then the middle threshold.</param>
/// <param name="Table">Every grid point.</param>
/// <param name="Positive">s of each positive prompt by block.</param>
/// <param name="Negative">s of each negative prompt by block.</param>
public sealed record ConditionSearchResult(
    SteeringVector Vector,
    SearchCell Best,
    IReadOnlyList<SearchCell> Table,
    IReadOnlyDictionary<int, float[]> Positive,
    IReadOnlyDictionary<int, float[]> Negative)
{
    /// <summary>The chosen point as a condition named <paramref name="name"/>.</summary>
    public Condition ToCondition(string name, ConditionAggregation aggregation) =>
        new(name, Vector, Best.Layers, Best.Threshold, Best.Direction, aggregation);
}

/// <summary>
/// Chooses a condition point (docs/methods.md section 4): extracts c from labelled prompts,
/// records s per block for each prompt, and grid-searches block sets (OR of up to k blocks),
/// thresholds and direction for the best F1 on those prompts.
/// </summary>
public static class ConditionSearch
{
    /// <summary>Runs the search on <paramref name="positive"/> against <paramref name="negative"/> prompts.</summary>
    public static ConditionSearchResult Run(
        TransformerModel model,
        TextTokenizer tokenizer,
        IReadOnlyList<string> positive,
        IReadOnlyList<string> negative,
        ConditionSearchOptions? options = null)
    {
        options ??= new ConditionSearchOptions();
        if (options.MaxLayers < 1)
            throw new ArgumentOutOfRangeException(nameof(options), $"max layers is {options.MaxLayers}, expected >= 1");
        int nLayers = model.Config.NLayers;
        int[] layers = options.Layers?.Resolve(nLayers) ?? Enumerable.Range(1, nLayers - 1).ToArray();
        var pos = PromptActivations.Read(model, tokenizer, positive, layers);
        var neg = PromptActivations.Read(model, tokenizer, negative, layers);
        var c = ConditionExtractor.Extract(pos, neg);
        var sPos = Scores(pos, c, options.Aggregation);
        var sNeg = Scores(neg, c, options.Aggregation);

        var table = new List<SearchCell>();
        SearchCell? best = null;
        foreach (var set in Subsets(layers, options.MaxLayers))
            foreach (var dir in new[] { ConditionDirection.Above, ConditionDirection.Below })
            {
                var cells = Grid(set, dir, sPos, sNeg);
                table.AddRange(cells);
                var top = Middle(cells);
                if (best is null || top.F1 > best.F1)
                    best = top;
            }
        return new ConditionSearchResult(c, best!, table, sPos, sNeg);
    }

    /// <summary>s of every prompt of <paramref name="acts"/> at each block of <paramref name="c"/> it has.</summary>
    public static Dictionary<int, float[]> Scores(PromptActivations acts, SteeringVector c, ConditionAggregation how) =>
        acts.Mean.Keys.Where(c.Directions.ContainsKey).ToDictionary(l => l,
            l => Enumerable.Range(0, acts.Count)
                .Select(i => ConditionScore.Similarity(acts.Of(i, l, how), c.Directions[l]))
                .ToArray());

    /// <summary>F1, precision and recall of <paramref name="condition"/> on labelled prompts.</summary>
    public static (double F1, double Precision, double Recall) Evaluate(
        TransformerModel model,
        TextTokenizer tokenizer,
        Condition condition,
        IReadOnlyList<string> positive,
        IReadOnlyList<string> negative)
    {
        var layers = condition.Layers.ToArray();
        bool Holds(PromptActivations a, int i) => condition.Holds(layers.ToDictionary(l => l,
            l => ConditionScore.Similarity(a.Of(i, l, condition.Aggregation), condition.Vector.Directions[l])));
        var pos = PromptActivations.Read(model, tokenizer, positive, layers);
        var neg = PromptActivations.Read(model, tokenizer, negative, layers);
        int tp = Enumerable.Range(0, pos.Count).Count(i => Holds(pos, i));
        int fp = Enumerable.Range(0, neg.Count).Count(i => Holds(neg, i));
        return Metrics(tp, fp, pos.Count - tp);
    }

    static List<SearchCell> Grid(int[] set, ConditionDirection dir, IReadOnlyDictionary<int, float[]> sPos,
        IReadOnlyDictionary<int, float[]> sNeg)
    {
        // OR over blocks: some s > theta iff max s > theta; some s < theta iff min s < theta
        float[] Combined(IReadOnlyDictionary<int, float[]> s) => Enumerable.Range(0, s[set[0]].Length)
            .Select(i => dir == ConditionDirection.Above ? set.Max(l => s[l][i]) : set.Min(l => s[l][i])).ToArray();
        float[] p = Combined(sPos), q = Combined(sNeg);
        var values = p.Concat(q).Distinct().Order().ToArray();
        var cells = new List<SearchCell>();
        for (int k = 0; k + 1 < values.Length; k++)
        {
            float theta = (values[k] + values[k + 1]) / 2;
            int tp = p.Count(s => ConditionScore.Meets(s, theta, dir));
            int fp = q.Count(s => ConditionScore.Meets(s, theta, dir));
            var (f1, precision, recall) = Metrics(tp, fp, p.Length - tp);
            cells.Add(new SearchCell(set, dir, theta, f1, precision, recall));
        }
        return cells;
    }

    // the middle one of the cells with the highest F1 (thresholds are sorted)
    static SearchCell Middle(List<SearchCell> cells)
    {
        double top = cells.Max(c => c.F1);
        var best = cells.Where(c => c.F1 == top).ToList();
        return best[best.Count / 2];
    }

    static (double, double, double) Metrics(int tp, int fp, int fn)
    {
        double precision = tp + fp == 0 ? 0 : (double)tp / (tp + fp);
        double recall = tp + fn == 0 ? 0 : (double)tp / (tp + fn);
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return (f1, precision, recall);
    }

    // every subset of 1..k blocks, smaller sets first
    static IEnumerable<int[]> Subsets(int[] layers, int k)
    {
        for (int size = 1; size <= Math.Min(k, layers.Length); size++)
            foreach (var s in Choose(layers, 0, size))
                yield return s;
    }

    static IEnumerable<int[]> Choose(int[] items, int from, int size)
    {
        if (size == 0)
        {
            yield return [];
            yield break;
        }
        for (int i = from; i <= items.Length - size; i++)
            foreach (var rest in Choose(items, i + 1, size - 1))
                yield return [items[i], .. rest];
    }
}
