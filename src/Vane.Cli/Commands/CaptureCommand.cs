using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Vane.Hooks;
using Vane.Loading;
using Vane.Model;

namespace Vane.Cli.Commands;

/// <summary>`vane capture`: run prompts and save the activations of chosen hook sites to safetensors.</summary>
public static class CaptureCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var model = ModelOptions.Model();
        var prompts = new Option<string>("--prompts")
        {
            Description = "Prompt file: one prompt per line, or JSONL with a \"text\" field",
            Required = true,
        };
        var sites = new Option<string>("--sites")
        {
            Description = "Hook sites, e.g. 'blocks.*.hook_resid_post' (comma list, * wildcards, negative blocks)",
            Required = true,
        };
        var output = new Option<string>("--out", "-o") { Description = "Output .safetensors file", Required = true };
        var cmd = new Command("capture", "Save activations of prompts at hook sites to a safetensors file")
        {
            model, prompts, sites, output,
        };
        cmd.SetAction(r => CliErrors.Run(() =>
            Run(r.GetValue(model)!, r.GetValue(prompts)!, r.GetValue(sites)!, r.GetValue(output)!)));
        return cmd;
    }

    static int Run(string modelSpec, string promptFile, string sites, string output)
    {
        // inputs are checked before the model is loaded
        if (string.IsNullOrWhiteSpace(sites))
            throw new ArgumentException("--sites is empty; give hook sites such as 'blocks.*.hook_resid_post'");
        AtomicFile.CheckWritable(output);
        var texts = PromptFile.Read(promptFile);
        using var logging = ModelOptions.Logging();
        var log = logging.CreateLogger("vane");
        string folder = ModelOptions.ResolveFolder(modelSpec);
        using var model = ModelOptions.LoadModel(folder, log);
        var tokenizer = ModelOptions.LoadTokenizer(folder, log);

        var hooks = new HookSet(model.Config);
        HookSites.Resolve(sites, model.Config.NLayers); // fail before any work on a bad pattern
        using var capture = new ActivationCapture(hooks, sites);
        var pass = new ForwardPass(model);
        var ids = texts.Select(t => tokenizer.Encode(t)).ToList();
        for (int i = 0; i < ids.Count; i++)
            if (ids[i].Length == 0 || ids[i].Length > model.Config.MaxPositions)
                throw new ArgumentException($"{promptFile}: prompt {i + 1} has {ids[i].Length} tokens, " +
                    $"expected 1 to {model.Config.MaxPositions} (the model's context)");
        for (int i = 0; i < ids.Count; i++)
            pass.Run(TokenBatch.Append([ids[i]], [i], [0]), new KvCache(model.Config), hooks);

        var metadata = new Dictionary<string, string>
        {
            ["model"] = modelSpec,
            ["sites"] = sites,
            ["prompts"] = JsonSerializer.Serialize(texts),
            ["token_ids"] = JsonSerializer.Serialize(ids),
        };
        var tensors = capture.ToTensors(i => $"prompt{i}").ToList();
        SafeTensorsWriter.Write(output, tensors, metadata);
        log.LogInformation("Wrote {Tensors} tensors ({Prompts} prompts x {Sites} sites) to {Path}",
            tensors.Count, texts.Count, capture.Sites.Count(), output);
        return 0;
    }
}
