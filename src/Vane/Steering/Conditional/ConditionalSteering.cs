using Vane.Hooks;

namespace Vane.Steering;

/// <summary>
/// CAST as hooks (docs/methods.md section 4). During a sequence's prompt pass (rows at
/// positions below its prompt length) a hook at hook_resid_post of each condition block
/// aggregates the prompt rows to hbar and records s; the decision of each condition is fixed
/// then and held for the whole generation of that sequence, per sequence of a batch.
/// Behaviour hooks add a rule's vector to a sequence's rows only once every condition the rule
/// reads is decided and the rule holds.
/// </summary>
/// <remarks>
/// Which rows are steered: every row processed after the decision. When every condition block
/// of a rule is at or below a behaviour block, the decision is known earlier in the same
/// prompt pass, so the whole prompt is steered there as well (as IBM does). When a condition
/// block lies above a behaviour block, that block is steered from the first decode step on
/// (position L, the first generated token fed back), not at the prompt's last row.
/// A new prompt pass of a sequence slot (a row at position 0) clears its decisions.
/// </remarks>
public sealed class ConditionalSteering : IDisposable
{
    readonly ConditionState _state;
    readonly List<IDisposable> _registrations = [];
    readonly List<SteeringRule> _rules = [];

    ConditionalSteering(ConditionState state) => _state = state;

    /// <summary>
    /// Registers the condition and behaviour hooks of <paramref name="rules"/> on
    /// <paramref name="hooks"/> until the result is disposed; the model is never changed.
    /// <paramref name="lengths"/> tells prompt rows from generated ones.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// A rule names an unknown condition (the message names it), two conditions share a name,
    /// or a vector's width is not the model's DModel.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">A block outside the model.</exception>
    public static ConditionalSteering Apply(
        HookSet hooks,
        PromptLengths lengths,
        IReadOnlyList<Condition> conditions,
        IReadOnlyList<SteeringRule> rules)
    {
        ArgumentNullException.ThrowIfNull(hooks);
        ArgumentNullException.ThrowIfNull(lengths);
        ConditionalChecks.Validate(hooks.Config, conditions, rules);
        var cast = new ConditionalSteering(new ConditionState(conditions, lengths));

        // condition hooks first, so that a behaviour at the same block reads the decision
        var condLayers = conditions.SelectMany(c => c.Layers).Distinct().Order().ToArray();
        int lowest = condLayers[0];
        foreach (int l in condLayers)
            cast._registrations.Add(hooks.Add(HookSites.Name(l, BlockSite.ResidPost),
                ctx => cast._state.Record(ctx, firstSite: ctx.Layer == lowest)));
        foreach (var rule in rules)
            cast.AddBehaviour(hooks, rule);
        return cast;
    }

    /// <summary>
    /// s of <paramref name="condition"/> at <paramref name="layer"/> for a sequence, or null before its
    /// prompt pass.
    /// </summary>
    public float? Score(int sequence, string condition, int layer) => _state.Score(sequence, condition, layer);

    /// <summary>Whether <paramref name="condition"/> holds for a sequence; null while undecided.</summary>
    public bool? Holds(int sequence, string condition) => _state.Holds(sequence, condition);

    /// <summary>Whether rule <paramref name="rule"/> (an index) holds for a sequence; null while undecided.</summary>
    public bool? RuleHolds(int sequence, int rule) => _state.RuleHolds(sequence, _rules[rule].When);

    void AddBehaviour(HookSet hooks, SteeringRule rule)
    {
        _rules.Add(rule);
        var v = rule.Behaviour;
        int[] layers = (rule.Layers?.Resolve(hooks.NLayers) ?? v.Directions.Keys.ToArray())
            .Where(v.Directions.ContainsKey).ToArray();
        if (layers.Length == 0)
            return;
        string sites = string.Join(",", layers.Select(l => HookSites.Name(l, BlockSite.ResidPost)));
        _registrations.Add(hooks.Add(sites, ctx =>
        {
            var dir = v.Directions[ctx.Layer];
            for (int r = 0; r < ctx.Rows; r++)
                if (_state.RuleHolds(ctx.Sequences[r], rule.When) == true)
                    RowEdit.Apply(ctx.Row(r), dir, SteeringMode.Add, rule.Strength, default);
        }));
    }

    /// <summary>Removes every hook this registered.</summary>
    public void Dispose()
    {
        foreach (var r in _registrations)
            r.Dispose();
        _registrations.Clear();
    }
}
