using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Vane.Evaluation;
using Vane.Hooks;
using Vane.Loading;

namespace Vane.Cli.Commands;

/// <summary>
/// `vane ab`: CAA's A/B behaviour probability on a dataset, with and without steering:
/// the mean p(matching) and, with --out, every item's P(A), P(B) and p(matching) as JSON.
/// </summary>
public static class AbCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var model = ModelOptions.Model();
        var data = new Option<string>("--data")
        {
            Description = "CAA A/B JSON (question, answer_matching_behavior, answer_not_matching_behavior)",
            Required = true,
        };
        var max = new Option<int?>("--max-items") { Description = "Evaluate only the first N items" };
        var steer = new Option<string[]>("--steer")
        {
            Description = "Steering vector FILE[:STRENGTH][@LAYERS]; repeatable",
        };
        var chat = new Option<bool>("--chat") { Description = "Wrap each question in the model's chat template" };
        var output = new Option<string?>("--out", "-o") { Description = "Per-item results (JSON)" };
        var cmd = new Command("ab", "A/B behaviour probability (CAA) on a dataset")
        {
            model, data, max, steer, chat, output,
        };
        cmd.SetAction(r => CliErrors.Run(() => Run(r.GetValue(model)!, r.GetValue(data)!, r.GetValue(max),
            (r.GetValue(steer) ?? []).Select(SteerSpec.Parse).ToList(), r.GetValue(chat), r.GetValue(output))));
        return cmd;
    }

    static int Run(string modelSpec, string data, int? max, List<SteerSpec> steering, bool chat, string? output)
    {
        if (max is < 1)
            throw new ArgumentException($"--max-items is {max}, expected >= 1");
        if (output is not null)
            AtomicFile.CheckWritable(output);
        var items = AbDataset.Load(data, max);
        using var logging = ModelOptions.Logging();
        var log = logging.CreateLogger("vane");
        string path = ModelOptions.ResolveFolder(modelSpec);
        using var model = ModelOptions.LoadModel(path, log);
        var tokenizer = ModelOptions.LoadTokenizer(path, log);

        var eval = new AbEvaluation(model, tokenizer)
        {
            Chat = chat ? Vane.Tokenization.Chat.ChatTemplates.For(tokenizer) : null,
        };
        var plain = eval.Run(items);
        AbResult? steered = null;
        if (steering.Count > 0)
        {
            var hooks = new HookSet(model.Config);
            var registrations = steering.Select(s => s.Apply(hooks, model.Config)).ToList();
            steered = eval.Run(items, hooks);
            registrations.ForEach(r => r.Dispose());
        }

        var table = new Table().AddColumns("", "mean p(matching)", "mean P(A)+P(B)", "items");
        table.AddRow("unsteered", $"{plain.MeanPMatching:F4}", $"{plain.MeanLetterMass:F4}", $"{plain.Items.Count}");
        if (steered is not null)
            table.AddRow("steered", $"{steered.MeanPMatching:F4}", $"{steered.MeanLetterMass:F4}",
                $"{steered.Items.Count}");
        AnsiConsole.Write(table);
        if (output is not null)
        {
            var json = JsonSerializer.Serialize(new { data, unsteered = plain, steered },
                new JsonSerializerOptions { WriteIndented = true });
            AtomicFile.WriteText(output, json);
            log.LogInformation("per-item results: {Path}", output);
        }
        return 0;
    }
}
