using System.CommandLine;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Vane.Generation;
using Vane.Hooks;
using Vane.Sparsity;
using Vane.Steering;
using Vane.Tokenization;
using Vane.Tokenization.Chat;

namespace Vane.Cli.Commands;

/// <summary>`vane generate`: continue a prompt, text to stdout, facts and timings to stderr.</summary>
public static class GenerateCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var model = ModelOptions.Model();
        var prompt = new Option<string?>("--prompt", "-p") { Description = "Prompt text" };
        var promptIds = new Option<string?>("--prompt-ids")
        {
            Description = "Prompt as comma-separated token ids (for models without a tokenizer)",
        };
        var chat = new Option<bool>("--chat") { Description = "Wrap the prompt in the model's chat template" };
        var system = new Option<string?>("--system") { Description = "System message (with --chat)" };
        var maxNew = new Option<int>("--max-new-tokens", "-n")
        {
            Description = "Largest number of new tokens",
            DefaultValueFactory = _ => 64,
        };
        var temperature = new Option<float>("--temperature", "-t") { Description = "0 = greedy" };
        var topP = new Option<float>("--top-p")
        {
            Description = "Nucleus size in (0, 1]",
            DefaultValueFactory = _ => 1f,
        };
        var topK = new Option<int>("--top-k") { Description = "Keep the K most likely tokens; 0 = all" };
        var seed = new Option<int?>("--seed") { Description = "Random seed for sampling" };
        var steer = new Option<string[]>("--steer")
        {
            Description = "Steering vector FILE[:STRENGTH][@LAYERS] (llama.cpp control-vector GGUF); repeatable",
            AllowMultipleArgumentsPerToken = false,
        };

        var transport = new Option<string[]>("--transport")
        {
            Description = "Activation transport FILE[:LAMBDA] from 'vane transport fit', lambda in [0, 1]; repeatable",
            AllowMultipleArgumentsPerToken = false,
        };

        var sparsity = new Option<string?>("--sparsity")
        {
            Description = "A sparsity plan (vane sparsify plan): decode through the sparse kernels",
        };
        var when = new Option<string?>("--when")
        {
            Description = "CAST condition file (condition.json): apply the --steer vectors only when it holds",
        };
        var rules = new Option<string?>("--rules") { Description = "CAST rules file: conditions and if-then rules" };

        var cmd = new Command("generate", "Generate text from a prompt")
        {
            model, prompt, promptIds, chat, system, maxNew, temperature, topP, topK, seed, steer, transport,
            when, rules, sparsity,
        };
        foreach (var option in DacGenerate.Options)
            cmd.Options.Add(option);
        cmd.SetAction(r => CliErrors.Run(() => Run(
            r.GetValue(model)!, r.GetValue(prompt), r.GetValue(promptIds), r.GetValue(chat), r.GetValue(system),
            (r.GetValue(steer) ?? []).Select(SteerSpec.Parse).ToList(),
            (r.GetValue(transport) ?? []).Select(TransportSpec.Parse).ToList(),
            DacGenerate.Read(r),
            new ConditionSpec(r.GetValue(when), r.GetValue(rules)),
            r.GetValue(sparsity),
            new GenerationOptions
            {
                MaxNewTokens = r.GetValue(maxNew),
                Sampling = new SamplingOptions
                {
                    Temperature = r.GetValue(temperature),
                    TopP = r.GetValue(topP),
                    TopK = r.GetValue(topK),
                    Seed = r.GetValue(seed),
                },
            })));
        return cmd;
    }

    static int Run(
        string modelSpec,
        string? prompt,
        string? promptIds,
        bool chat,
        string? system,
        List<SteerSpec> steering,
        List<TransportSpec> transports,
        DacFlags dac,
        ConditionSpec conditional,
        string? sparsityPlan,
        GenerationOptions options)
    {
        // settings are checked before any work
        if ((prompt is null) == (promptIds is null))
            throw new ArgumentException("give exactly one of --prompt and --prompt-ids");
        if (system is not null && !chat)
            throw new ArgumentException("--system needs --chat");
        if (options.MaxNewTokens < 0)
            throw new ArgumentException($"--max-new-tokens is {options.MaxNewTokens}, expected 0 or more");
        options.Sampling.Validate();
        conditional.Validate(steering.Count);
        int[]? givenIds = promptIds is null ? null : ParseIds(promptIds);
        using var logging = ModelOptions.Logging();
        var log = logging.CreateLogger("vane");

        var sw = Stopwatch.StartNew();
        string folder = ModelOptions.ResolveFolder(modelSpec);
        using var model = ModelOptions.LoadModel(folder, log);
        TextTokenizer? tokenizer = prompt is not null
            ? ModelOptions.LoadTokenizer(folder, log, "--prompt-ids")
            : ModelOptions.TryLoadTokenizer(folder, log);
        double loadMs = sw.Elapsed.TotalMilliseconds;

        int[] ids = givenIds ?? Encode(tokenizer!, prompt!, chat, system);
        if (ids.Length == 0)
            throw new ArgumentException("the prompt has no tokens");
        if (ids.Length >= model.Config.MaxPositions)
            throw new ArgumentException(
                $"the prompt has {ids.Length} tokens; the model's context is {model.Config.MaxPositions}");
        var stops = tokenizer?.EosIds ?? model.Config.EosIds;
        options = options with { StopIds = stops };
        if (sparsityPlan is not null && !File.Exists(sparsityPlan))
            throw new IOException($"{sparsityPlan}: sparsity plan not found");
        if (dac.Enabled && (transports.Count > 0 || conditional.IsSet))
            throw new ArgumentException("--dac cannot be combined with --transport, --when or --rules");
        if (dac.Enabled)
            return DacGenerate.Run(model, tokenizer, ids, steering, options, dac, log);

        // steering vectors: each registered on the run's hooks, their contributions summed
        var hooks = new HookSet(model.Config);
        var registrations = conditional.IsSet
            ? [conditional.Apply(hooks, model.Config, steering, PromptLengths.Same(ids.Length), log)]
            : steering.Select(s => s.Apply(hooks, model.Config)).ToList();
        foreach (var spec in steering)
            log.LogInformation("steering with {Path} at strength {Strength}, blocks {Layers}", spec.Path,
                spec.Strength, spec.Layers?.ToString() ?? "all in the file");
        registrations.AddRange(transports.Select(t => t.Apply(hooks, model.Config)));
        foreach (var spec in transports)
            log.LogInformation("transport {Path} at lambda {Lambda}", spec.Path, spec.Lambda);

        var stream = tokenizer is null ? null : new TokenTextStream(tokenizer);
        var generator = new Generator(model);
        if (sparsityPlan is not null)
        {
            var sparse = SparseDecode.Build(model, SparsityFiles.ReadPlan(sparsityPlan, model));
            generator.Sparse = sparse;
            log.LogInformation("sparse decode: {Count} matrices through {Plan} ({MB:F0} MB input-major copies)",
                sparse.Count, sparsityPlan, sparse.ByteSize / 1e6);
        }
        var result = generator.Generate([ids], options, hooks, onToken: (_, token) =>
        {
            Console.Out.Write(stream is null ? $"{token} " : stream.Append(token));
            Console.Out.Flush();
        });
        Console.Out.WriteLine(stream?.Flush() ?? "");
        if (result[0].Reason == StopReason.ContextFull)
            log.LogWarning("stopped after {Tokens} tokens: the model's context of {Context} tokens is full",
                result[0].GeneratedIds.Length, model.Config.MaxPositions);

        registrations.ForEach(r => r.Dispose());
        var s = generator.LastStats!;
        log.LogInformation(
            "load {LoadMs:F0} ms; prompt {PromptTokens} tokens, {PromptRate:F1} tokens/s; " +
            "decode {DecodeTokens} tokens, {DecodeRate:F1} tokens/s",
            loadMs, s.PromptTokens, s.PromptTokensPerSecond, s.DecodeTokens, s.DecodeTokensPerSecond);
        return 0;
    }

    static int[] Encode(TextTokenizer tokenizer, string prompt, bool chat, string? system)
    {
        if (!chat)
            return tokenizer.Encode(prompt);
        var messages = new List<ChatMessage>();
        if (system is not null)
            messages.Add(new ChatMessage("system", system));
        messages.Add(new ChatMessage("user", prompt));
        string text = ChatTemplates.For(tokenizer).Render(messages, addGenerationPrompt: true);
        return tokenizer.Encode(text, addSpecial: false);
    }

    static int[] ParseIds(string text)
    {
        try
        {
            int[] ids = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(int.Parse).ToArray();
            if (ids.Length == 0 || ids.Any(i => i < 0))
                throw new FormatException();
            return ids;
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new ArgumentException($"--prompt-ids '{text}' is not a comma-separated list of token ids");
        }
    }
}
