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

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var model = ModelOptions.Model();
        var cal = new Option<string>("--cal") { Description = "Calibration file", Required = true };
        var method = Method();
        var sparsity = new Option<double>("--sparsity") { Description = "Target sparsity, 0 to 0.95", Required = true };
        var dense = DenseTokens();
        var output = new Option<string>("--out", "-o") { Description = "Output plan .json", Required = true };
        var cmd = new Command("plan", "Turn a calibration into thresholds for one method and sparsity")
        {
            model, cal, method, sparsity, dense, output,
        };
        cmd.SetAction(r => CliErrors.Run(() =>
        {
            using var logging = ModelOptions.Logging();
            var log = logging.CreateLogger("vane");
            var calibration = SparsityFiles.ReadCalibration(r.GetValue(cal)!);
            using var m = ModelOptions.LoadModel(ModelOptions.ResolveFolder(r.GetValue(model)!), log);
            var plan = PlanBuilder.Build(calibration, m, r.GetValue(method), r.GetValue(sparsity), r.GetValue(dense));
            SparsityFiles.WritePlan(r.GetValue(output)!, plan);
            log.LogInformation("wrote {Method} plan at {Target:P0} to {Path}", plan.Method, plan.Target,
                r.GetValue(output));
            return 0;
        }));
        return cmd;
    }
}
