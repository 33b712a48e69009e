using Vane.Loading.Gguf;
using Vane.Loading;

namespace Vane.Tokenization.Gguf;

/// <summary>
/// Special-token ids, add_*_token flags and the chat template as gguf-py's SpecialVocab finds
/// them: a tokenizer_config.json "{kind}_token" text resolves through tokenizer.json's added
/// tokens; config.json "{kind}_token_id" fills kinds still unset; ids outside the vocabulary
/// and non-integer ids (lists) are ignored.
/// </summary>
internal sealed class SpecialVocab
{
    readonly List<(string Key, uint Id)> _ids = [];
    readonly List<(string Key, bool Value)> _flags = [];
    string? _chatTemplate;

    /// <summary>
    /// Reads <paramref name="folder"/>. <paramref name="addedTokens"/> are tokenizer.json's added
    /// tokens (text to id; empty for SentencePiece); <paramref name="postProcessorBos"/> is the
    /// token its post-processor puts first, which means BOS is added unless the config says.
    /// </summary>
    public static SpecialVocab Read(
        string folder,
        int vocabSize,
        IReadOnlyDictionary<string, int> addedTokens,
        string? postProcessorBos)
    {
        var settings = TokenizerSettings.Read(folder);
        string configPath = Path.Combine(folder, "tokenizer_config.json");
        using var config = JsonFields.ParseIfExists(configPath);
        string modelConfigPath = Path.Combine(folder, "config.json");
        using var modelConfig = JsonFields.ParseIfExists(modelConfigPath);

        var vocab = new SpecialVocab { _chatTemplate = settings.ChatTemplate };
        var found = new Dictionary<string, uint>();
        foreach (var (kind, _) in GgufTokenizerKeys.SpecialIds)
        {
            string? text = config is null
                ? null
                : JsonFields.TokenText(config.RootElement, $"{kind}_token", configPath);
            if (text is not null && addedTokens.TryGetValue(text, out int id) && id < vocabSize)
                found.TryAdd(kind, (uint)id);
        }
        foreach (var (kind, _) in GgufTokenizerKeys.SpecialIds)
        {
            if (modelConfig is not null
                && modelConfig.RootElement.TryGetProperty($"{kind}_token_id", out var v)
                && v.ValueKind == System.Text.Json.JsonValueKind.Number
                && v.TryGetInt32(out int id) && id >= 0 && id < vocabSize)
                found.TryAdd(kind, (uint)id);
        }
        foreach (var (kind, key) in GgufTokenizerKeys.SpecialIds)
        {
            if (found.TryGetValue(kind, out uint id))
                vocab._ids.Add((key, id));
        }

        bool? addBos = settings.AddBos ?? (postProcessorBos is not null ? true : null);
        if (addBos is bool b)
            vocab._flags.Add((GgufTokenizerKeys.AddBos, b));
        if (config is not null && JsonFields.Bool(config.RootElement, "add_eos_token", configPath) is bool e)
            vocab._flags.Add((GgufTokenizerKeys.AddEos, e));
        return vocab;
    }

    /// <summary>Appends the ids, flags and chat template to <paramref name="keys"/>.</summary>
    public void AppendTo(List<KeyValuePair<string, GgufValue>> keys)
    {
        foreach (var (key, id) in _ids)
            keys.Add(new(key, GgufValue.Of(id)));
        foreach (var (key, value) in _flags)
            keys.Add(new(key, GgufValue.Of(value)));
        if (_chatTemplate is not null)
            keys.Add(new(GgufTokenizerKeys.ChatTemplate, GgufValue.Of(_chatTemplate)));
    }
}
