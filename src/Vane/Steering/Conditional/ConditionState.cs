using Vane.Hooks;

namespace Vane.Steering;

// per-sequence scores and decisions of the conditions, filled during prompt passes
sealed class ConditionState(IReadOnlyList<Condition> conditions, PromptLengths lengths)
{
    readonly Dictionary<int, Sequence> _sequences = [];

    sealed class Sequence
    {
        public readonly Dictionary<int, float[]> Sums = [];  // [DModel] by block
        public readonly Dictionary<string, Dictionary<int, float>> ByCondition = []; // s by block
    }

    public void Record(HookContext ctx, bool firstSite)
    {
        int d = ctx.Width;
        for (int r = 0; r < ctx.Rows; r++)
        {
            int seq = ctx.Sequences[r], pos = ctx.Positions[r], len = lengths.Of(seq);
            if (pos >= len)
                continue; // a generated row: the decision is already made
            if (pos == 0 && firstSite)
                _sequences[seq] = new Sequence();
            if (!_sequences.TryGetValue(seq, out var s))
                _sequences[seq] = s = new Sequence();
            if (!s.Sums.TryGetValue(ctx.Layer, out var sum) || pos == 0)
                s.Sums[ctx.Layer] = sum = new float[d];
            var row = ctx.Row(r);
            for (int j = 0; j < d; j++)
                sum[j] += row[j];
            if (pos == len - 1)
                Decide(s, ctx.Layer, sum, row, len);
        }
    }

    void Decide(Sequence s, int layer, float[] sum, ReadOnlySpan<float> last, int len)
    {
        var mean = sum.Select(x => x / len).ToArray();
        foreach (var c in conditions)
        {
            if (!c.Layers.Contains(layer))
                continue;
            var hbar = c.Aggregation == ConditionAggregation.Mean ? mean : last;
            float score = ConditionScore.Similarity(hbar, c.Vector.Directions[layer]);
            if (!s.ByCondition.TryGetValue(c.Name, out var scores))
                s.ByCondition[c.Name] = scores = [];
            scores[layer] = score;
        }
    }

    public float? Score(int sequence, string condition, int layer) =>
        _sequences.TryGetValue(sequence, out var s) && s.ByCondition.TryGetValue(condition, out var sc)
        && sc.TryGetValue(layer, out float v) ? v : null;

    public bool? Holds(int sequence, string condition)
    {
        var c = conditions.First(x => x.Name == condition);
        if (!_sequences.TryGetValue(sequence, out var s) || !s.ByCondition.TryGetValue(condition, out var sc)
            || c.Layers.Any(l => !sc.ContainsKey(l)))
            return null;
        return c.Holds(sc);
    }

    public bool? RuleHolds(int sequence, RuleExpression rule)
    {
        foreach (string v in rule.Variables)
            if (Holds(sequence, v) is null)
                return null;
        return rule.Evaluate(v => Holds(sequence, v) == true);
    }
}
