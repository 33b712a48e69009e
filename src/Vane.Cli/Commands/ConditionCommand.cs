using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Vane.Steering;

namespace Vane.Cli.Commands;

/// <summary>`vane condition search`: choose a CAST condition point (docs/methods.md section 4).</summary>
public static class ConditionCommand
{
    /// <summary>Builds the command group.</summary>
    public static Command Create()
    {
        var model = ModelOptions.Model();
        var positive = new Option<string>("--positive")
        {
            Description = "Prompts that meet the condition, one per line",
            Required = true,
        };
        var negative = new Option<string>("--negative")
        {
            Description = "Prompts that do not, one per line",
            Required = true,
        };
        var outDir = new Option<string>("--out")
        {
            Description = "Output folder",
            DefaultValueFactory = _ => "condition",
        };
        var maxLayers = new Option<int>("--max-layers")
        {
            Description = "Most blocks combined with OR",
            DefaultValueFactory = _ => 2,
        };
        var aggregation = new Option<string>("--aggregate")
        {
            Description = "mean | last",
            DefaultValueFactory = _ => "mean",
        };
        var heldPos = new Option<string?>("--held-out-positive") { Description = "Held-out positive prompts" };
        var heldNeg = new Option<string?>("--held-out-negative") { Description = "Held-out negative prompts" };
        var name = new Option<string>("--name")
        {
            Description = "Condition name",
            DefaultValueFactory = _ => "condition",
        };
        var search = new Command("search", "Grid-search condition blocks, threshold and direction for the best F1")
        {
            model, positive, negative, outDir, maxLayers, aggregation, heldPos, heldNeg, name,
        };
        search.SetAction(r => CliErrors.Run(() => Search(r.GetValue(model)!, r.GetValue(positive)!,
            r.GetValue(negative)!, r.GetValue(outDir)!, r.GetValue(maxLayers), r.GetValue(aggregation)!,
            r.GetValue(heldPos), r.GetValue(heldNeg), r.GetValue(name)!)));
        return new Command("condition", "Conditional activation steering (CAST) conditions") { search };
    }

    static int Search(string modelSpec, string posFile, string negFile, string outDir, int maxLayers, string agg,
        string? heldPos, string? heldNeg, string name)
    {
        // settings are checked before any work
        if (maxLayers < 1)
            throw new ArgumentException($"--max-layers is {maxLayers}, expected >= 1");
        var how = agg switch
        {
            "mean" => ConditionAggregation.Mean,
            "last" => ConditionAggregation.Last,
            _ => throw new ArgumentException($"--aggregate '{agg}', expected mean or last"),
        };
        if ((heldPos is null) != (heldNeg is null))
            throw new ArgumentException("give both --held-out-positive and --held-out-negative, or neither");
        var (pos, neg) = (PromptFile.Read(posFile), PromptFile.Read(negFile));
        using var logging = ModelOptions.Logging();
        var log = logging.CreateLogger("vane");
        string folder = ModelOptions.ResolveFolder(modelSpec);
        using var model = ModelOptions.LoadModel(folder, log);
        var tokenizer = ModelOptions.LoadTokenizer(folder, log);

        var result = ConditionSearch.Run(model, tokenizer, pos, neg,
            new ConditionSearchOptions { MaxLayers = maxLayers, Aggregation = how });
        var condition = result.ToCondition(name, how);
        var b = result.Best;
        log.LogInformation("best: blocks {Layers}, s {Direction} {Threshold:F4}: F1 {F1:F3} on {N} training prompts",
            string.Join(",", b.Layers), b.Direction.ToString().ToLowerInvariant(), b.Threshold, b.F1,
            pos.Count + neg.Count);
        double heldF1 = double.NaN;
        if (heldPos is not null)
        {
            (heldF1, double p, double rcl) = ConditionSearch.Evaluate(model, tokenizer, condition,
                PromptFile.Read(heldPos), PromptFile.Read(heldNeg!));
            log.LogInformation("held-out F1 {F1:F3} (precision {P:F3}, recall {R:F3})", heldF1, p, rcl);
        }

        Directory.CreateDirectory(outDir);
        ConditionFile.Write(condition, Path.Combine(outDir, "condition.json"), Path.Combine(outDir, "condition.gguf"),
            new Dictionary<string, double> { ["train_f1"] = b.F1, ["held_out_f1"] = heldF1 });
        WriteTable(result, Path.Combine(outDir, "search.json"));
        ConditionPlot.Write(result, Path.Combine(outDir, "f1.png"));
        Console.Out.WriteLine(JsonSerializer.Serialize(new
        {
            layers = b.Layers,
            direction = b.Direction.ToString().ToLowerInvariant(),
            threshold = b.Threshold,
            train_f1 = b.F1,
            held_out_f1 = double.IsNaN(heldF1) ? (double?)null : heldF1,
            condition = Path.Combine(outDir, "condition.json"),
        }));
        return 0;
    }

    static void WriteTable(ConditionSearchResult result, string path)
    {
        var rows = new JsonArray(result.Table.Select(c => (JsonNode)new JsonObject
        {
            ["layers"] = new JsonArray(c.Layers.Select(l => (JsonNode)l).ToArray()),
            ["direction"] = c.Direction.ToString().ToLowerInvariant(),
            ["threshold"] = c.Threshold,
            ["f1"] = c.F1,
            ["precision"] = c.Precision,
            ["recall"] = c.Recall,
        }).ToArray());
        var scores = new JsonObject();
        foreach (int l in result.Positive.Keys)
            scores[$"{l}"] = new JsonObject
            {
                ["positive"] = new JsonArray(result.Positive[l].Select(s => (JsonNode)s).ToArray()),
                ["negative"] = new JsonArray(result.Negative[l].Select(s => (JsonNode)s).ToArray()),
            };
        var json = new JsonObject { ["scores"] = scores, ["table"] = rows };
        File.WriteAllText(path, json.ToJsonString());
    }
}
