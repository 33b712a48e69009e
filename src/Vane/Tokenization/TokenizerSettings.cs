using System.Text.Json;
using Vane.Loading;

namespace Vane.Tokenization;

/// <summary>
/// What a model folder says about special tokens and chat formatting, gathered from
/// tokenizer_config.json, generation_config.json and config.json (all optional).
/// </summary>
internal sealed record TokenizerSettings
{
    /// <summary>tokenizer_config bos_token text.</summary>
    public string? BosToken { get; init; }

    /// <summary>tokenizer_config eos_token text.</summary>
    public string? EosToken { get; init; }

    /// <summary>tokenizer_config unk_token text.</summary>
    public string? UnkToken { get; init; }

    /// <summary>tokenizer_config add_bos_token, or null when not given.</summary>
    public bool? AddBos { get; init; }

    /// <summary>The chat template (the "default" one when several are named), or null.</summary>
    public string? ChatTemplate { get; init; }

    /// <summary>tokenizer_config added_tokens_decoder: token text to id.</summary>
    public Dictionary<string, int> AddedTokens { get; init; } = [];

    /// <summary>generation_config bos_token_id.</summary>
    public int? GenerationBosId { get; init; }

    /// <summary>generation_config eos_token_id (one or several).</summary>
    public List<int> GenerationEosIds { get; init; } = [];

    /// <summary>config.json bos_token_id.</summary>
    public int? ConfigBosId { get; init; }

    /// <summary>config.json eos_token_id (one or several).</summary>
    public List<int> ConfigEosIds { get; init; } = [];

    /// <summary>Reads the three files from <paramref name="folder"/>; missing files give empty values.</summary>
    public static TokenizerSettings Read(string folder)
    {
        var settings = ReadTokenizerConfig(folder);
        string genPath = Path.Combine(folder, "generation_config.json");
        using var gen = JsonFields.ParseIfExists(genPath);
        string cfgPath = Path.Combine(folder, "config.json");
        using var cfg = JsonFields.ParseIfExists(cfgPath);
        return settings with
        {
            GenerationBosId = gen is null ? null : JsonFields.Int(gen.RootElement, "bos_token_id", genPath),
            GenerationEosIds = gen is null ? [] : JsonFields.IntOrList(gen.RootElement, "eos_token_id", genPath),
            ConfigBosId = cfg is null ? null : JsonFields.Int(cfg.RootElement, "bos_token_id", cfgPath),
            ConfigEosIds = cfg is null ? [] : JsonFields.IntOrList(cfg.RootElement, "eos_token_id", cfgPath),
        };
    }

    static TokenizerSettings ReadTokenizerConfig(string folder)
    {
        string path = Path.Combine(folder, "tokenizer_config.json");
        using var doc = JsonFields.ParseIfExists(path);
        string? template = doc is null ? null : ReadChatTemplate(doc.RootElement, path);
        string jinjaPath = Path.Combine(folder, "chat_template.jinja");
        if (template is null && File.Exists(jinjaPath))
            template = File.ReadAllText(jinjaPath);
        if (doc is null)
            return new TokenizerSettings { ChatTemplate = template };
        var root = doc.RootElement;
        return new TokenizerSettings
        {
            BosToken = JsonFields.TokenText(root, "bos_token", path),
            EosToken = JsonFields.TokenText(root, "eos_token", path),
            UnkToken = JsonFields.TokenText(root, "unk_token", path),
            AddBos = JsonFields.Bool(root, "add_bos_token", path),
            ChatTemplate = template,
            AddedTokens = ReadAddedTokens(root, path),
        };
    }

    // chat_template is a string, or a list of {"name", "template"} of which "default" is used.
    static string? ReadChatTemplate(JsonElement root, string path)
    {
        if (JsonFields.Get(root, "chat_template") is not JsonElement v)
            return null;
        if (v.ValueKind == JsonValueKind.String)
            return v.GetString();
        if (v.ValueKind != JsonValueKind.Array)
            throw JsonFields.Bad(path, "chat_template", v, "a string or a list of {name, template}");
        string? first = null;
        foreach (var item in v.EnumerateArray())
        {
            string? name = JsonFields.String(item, "name", path);
            string template = JsonFields.String(item, "template", path)
                ?? throw JsonFields.Bad(path, "chat_template", item, "an object with a string \"template\"");
            first ??= template;
            if (name == "default")
                return template;
        }
        return first;
    }

    // added_tokens_decoder: {"32000": {"content": "<|im_end|>", ...}, ...}
    static Dictionary<string, int> ReadAddedTokens(JsonElement root, string path)
    {
        var tokens = new Dictionary<string, int>(StringComparer.Ordinal);
        if (JsonFields.Get(root, "added_tokens_decoder") is not { ValueKind: JsonValueKind.Object } v)
            return tokens;
        foreach (var p in v.EnumerateObject())
        {
            if (!int.TryParse(p.Name, out int id))
                throw JsonFields.Bad(path, "added_tokens_decoder", p.Value, $"an integer key, not \"{p.Name}\"");
            string content = JsonFields.String(p.Value, "content", path)
                ?? throw JsonFields.Bad(path, "added_tokens_decoder", p.Value, "an object with \"content\"");
            tokens[content] = id;
        }
        return tokens;
    }
}
