using System.CommandLine;
using Microsoft.Extensions.Logging;
using Vane.Sparsity;

namespace Vane.Cli.Commands;

/// <summary>`vane sparsify plan`: thresholds for one method at one target sparsity, saved as a file.</summary>
public static class SparsifyPlanCommand
{
    /// <summary>The --method option.</summary>
    public static Option<SparsityMethod> Method() => new("--method")
    {
        Description = "TealUniform, TealGreedy, Wina or Chess",
        DefaultValueFactory = _ => SparsityMethod.TealUniform,
    };

    /// <summary>The --dense-tokens option (prefill policy).</summary>
    public static Option<int> DenseTokens() => new("--dense-tokens")
    {
        Description = "Prompt positions below this stay dense (prefill policy)",
        DefaultValueFactory = _ => 0,
    };

    /// <summary>The --refine-rounds option; <paramref name="lead"/> starts its description.</summary>
    public static Option<int> RefineRounds(string lead = "Rounds") => new("--refine-rounds")
    {
        Description = $"{lead} that rerun the calibration text with the plan applied and move each threshold " +
            "to its target there (0: thresholds from the dense model only)",
        DefaultValueFactory = _ => PlanRefiner.DefaultRounds,
    };

    /// <summary>The --refine-tokens option: how many calibration tokens refining reruns.</summary>
    public static Option<int> RefineTokens() => new("--refine-tokens")
    {
        Description = "Calibration tokens the refine rounds rerun, as windows spread over the calibration " +
            "text (0: all of them; fewer is faster)",
        DefaultValueFactory = _ => 0,
    };

    /// <summary>
    /// A plan from <paramref name="calibration"/>, refined by <paramref name="rounds"/> rounds on its
    /// tokens. A calibration file from before token ids were stored gives an unrefined plan and a
    /// warning, so that old files keep working.
    /// </summary>
    public static SparsityPlan Build(Calibration calibration, string calPath, Vane.Model.TransformerModel model,
        SparsityMethod method, double target, int denseTokens, int rounds, ILogger log, int refineTokens = 0)
    {
        if (rounds < 0)
            throw new ArgumentException($"--refine-rounds is {rounds}; it must be 0 or more");
        if (refineTokens < 0)
            throw new ArgumentException($"--refine-tokens is {refineTokens}; it must be 0 (all) or more");
        var plan = PlanBuilder.Build(calibration, model, method, target, denseTokens);
        if (rounds == 0)
            return plan;
        if (calibration.TokenIds is null)
        {
            log.LogWarning("{Path} holds no calibration tokens (written by an older vane): the {Method} plan " +
                "at {Target:P0} is not refined; recalibrate to refine it", calPath, method, target);
            return plan;
        }
        var options = new CalibrationOptions();
        int window = Math.Min(options.Window, model.Config.MaxPositions); // as CalibrationPasses cuts them
        var tokens = refineTokens > 0
            ? PlanRefiner.Spread(calibration.TokenIds, refineTokens, window)
            : calibration.TokenIds;
        var refined = PlanRefiner.Refine(plan, model, tokens, rounds, options, onRound: (round, worst) =>
            log.LogInformation("{Method} at {Target:P0}: refine round {Round}: thresholds going in were up to " +
                "{Worst:F1} points off target on the calibration text", method, target, round, 100 * worst));
        if (refined.RefineRounds < rounds)
            log.LogWarning("{Method} at {Target:P0}: refining moved the thresholds further from their targets, " +
                "so the plan keeps the thresholds after {Kept} of {Rounds} rounds; at this target the inputs " +
                "will not measure their targets closely", method, target, refined.RefineRounds, rounds);
        return refined;
    }

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var model = ModelOptions.Model();
        var cal = new Option<string>("--cal") { Description = "Calibration file", Required = true };
        var method = Method();
        var sparsity = new Option<double>("--sparsity") { Description = "Target sparsity, 0 to 0.95", Required = true };
        var dense = DenseTokens();
        var rounds = RefineRounds();
        var refineTokens = RefineTokens();
        var output = new Option<string>("--out", "-o") { Description = "Output plan .json", Required = true };
        var cmd = new Command("plan", "Turn a calibration into thresholds for one method and sparsity")
        {
            model, cal, method, sparsity, dense, rounds, refineTokens, output,
        };
        cmd.SetAction(r => CliErrors.Run(() =>
        {
            using var logging = ModelOptions.Logging();
            var log = logging.CreateLogger("vane");
            using var m = ModelOptions.LoadModel(ModelOptions.ResolveFolder(r.GetValue(model)!), log);
            var calibration = SparsityFiles.ReadCalibration(r.GetValue(cal)!, m);
            var plan = Build(calibration, r.GetValue(cal)!, m, r.GetValue(method), r.GetValue(sparsity),
                r.GetValue(dense), r.GetValue(rounds), log, r.GetValue(refineTokens));
            SparsityFiles.WritePlan(r.GetValue(output)!, plan);
            log.LogInformation("wrote {Method} plan at {Target:P0} ({Rounds} refine rounds) to {Path}", plan.Method,
                plan.Target, plan.RefineRounds, r.GetValue(output));
            return 0;
        }));
        return cmd;
    }
}
