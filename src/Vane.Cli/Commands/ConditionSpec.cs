using Microsoft.Extensions.Logging;
using Vane.Hooks;
using Vane.Model;
using Vane.Steering;

namespace Vane.Cli.Commands;

/// <summary>
/// The CAST flags of `vane generate`: --when COND.json gates every --steer vector on one
/// condition; --rules RULES.json brings its own conditions and behaviours.
/// </summary>
/// <param name="When">The condition file, or null.</param>
/// <param name="Rules">The rules file, or null.</param>
public sealed record ConditionSpec(string? When, string? Rules)
{
    /// <summary>Whether either flag was given.</summary>
    public bool IsSet => When is not null || Rules is not null;

    /// <summary>Checks the combination of flags before any work.</summary>
    public void Validate(int steerCount)
    {
        if (When is not null && Rules is not null)
            throw new ArgumentException("give --when or --rules, not both");
        if (When is not null && steerCount == 0)
            throw new ArgumentException("--when gates --steer vectors: give at least one --steer");
        if (Rules is not null && steerCount > 0)
            throw new ArgumentException("--rules names its own behaviour vectors; drop --steer");
    }

    /// <summary>Registers the conditional hooks on <paramref name="hooks"/>; dispose to remove them.</summary>
    public IDisposable Apply(HookSet hooks, ModelConfig config, IReadOnlyList<SteerSpec> steering,
        PromptLengths lengths, ILogger log)
    {
        RuleSet set;
        if (Rules is not null)
            set = RulesFile.Read(Rules, config);
        else
        {
            var c = ConditionFile.Read(When!, config);
            var when = new RuleExpression.Variable(c.Name);
            set = new RuleSet([c], steering.Select(s => new SteeringRule(when,
                Vane.Steering.Files.ControlVectorFile.Read(s.Path, config), s.Strength, s.Layers)).ToList());
        }
        var cast = ConditionalSteering.Apply(hooks, lengths, set.Conditions, set.Rules);
        return new Logged(cast, set, log);
    }

    // logs each condition's s and decision when the run ends
    sealed class Logged(ConditionalSteering cast, RuleSet set, ILogger log) : IDisposable
    {
        public void Dispose()
        {
            foreach (var c in set.Conditions)
                log.LogInformation("condition {Name}: s {Scores} ({Direction} {Threshold}): {Holds}", c.Name,
                    string.Join(", ", c.Layers.Select(l => $"block {l} {cast.Score(0, c.Name, l):F4}")),
                    c.Direction.ToString().ToLowerInvariant(), c.Threshold,
                    cast.Holds(0, c.Name) == true ? "holds" : "does not hold");
            for (int i = 0; i < set.Rules.Count; i++)
                log.LogInformation("rule {Index} ({When}): {Applied}", i + 1, set.Rules[i].When,
                    cast.RuleHolds(0, i) == true ? "applied" : "not applied");
            cast.Dispose();
        }
    }
}
