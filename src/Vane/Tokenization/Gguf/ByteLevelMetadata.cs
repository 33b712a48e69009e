using System.Text.Json;
using Vane.Loading;
using Vane.Loading.Gguf;
using Vane.Tokenization.HuggingFace;

namespace Vane.Tokenization.Gguf;

/// <summary>
/// The "gpt2" tokenizer keys of a byte-level BPE tokenizer.json: vocabulary and added tokens
/// in id order (special added tokens, and ones that look special, become control tokens; other
/// added tokens user-defined), merges as "left right", and the pre-tokenizer name.
/// </summary>
internal static class ByteLevelMetadata
{
    /// <summary>The keys for tokenizer.json at <paramref name="path"/> in <paramref name="folder"/>.</summary>
    public static List<KeyValuePair<string, GgufValue>> Build(string folder, string path)
    {
        var parsed = TokenizerJsonReader.Read(path); // validates the whole file first
        using var doc = JsonFields.Parse(path);
        var root = doc.RootElement;
        var model = JsonFields.Get(root, "model")!.Value;
        string pre = GgufPreTokenizers.NameOf(JsonFields.Get(root, "pre_tokenizer"), path);

        var vocab = model.GetProperty("vocab").EnumerateObject().Select(p => (p.Name, Id: p.Value.GetInt32())).ToList();
        var added = AddedTokens(root, path);
        int size = HfFolderFiles.ConfigVocabSize(folder)
            ?? Math.Max(vocab.Max(v => (int?)v.Id) ?? -1, added.Max(a => (int?)a.Id) ?? -1) + 1;
        var tokens = new string[size];
        var types = new int[size];
        for (int id = 0; id < size; id++)
            (tokens[id], types[id]) = ($"[PAD{id}]", (int)GgufTokenType.Unused);
        foreach (var (text, id) in vocab.Where(v => v.Id < size))
            (tokens[id], types[id]) = (text, (int)GgufTokenType.Normal);
        foreach (var a in added.Where(a => a.Id < size))
        {
            bool control = a.Special || HfFolderFiles.LooksSpecial(a.Content);
            tokens[a.Id] = a.Content;
            types[a.Id] = (int)(control ? GgufTokenType.Control : GgufTokenType.UserDefined);
        }

        var keys = new List<KeyValuePair<string, GgufValue>>
        {
            new(GgufTokenizerKeys.Model, GgufValue.Of("gpt2")),
            new(GgufTokenizerKeys.Pre, GgufValue.Of(pre)),
            new(GgufTokenizerKeys.Tokens, GgufValue.Array(tokens)),
            new(GgufTokenizerKeys.TokenType, GgufValue.Array(types)),
            new(GgufTokenizerKeys.Merges, GgufValue.Array(Merges(model))),
        };
        var addedByText = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var a in added)
            addedByText.TryAdd(a.Content, a.Id);
        SpecialVocab.Read(folder, size, addedByText, parsed.PostProcessorBos).AppendTo(keys);
        return keys;
    }

    static List<ConfigAddedToken> AddedTokens(JsonElement root, string path)
    {
        var tokens = new List<ConfigAddedToken>();
        if (JsonFields.Get(root, "added_tokens") is not { ValueKind: JsonValueKind.Array } list)
            return tokens;
        foreach (var t in list.EnumerateArray())
        {
            tokens.Add(new(
                JsonFields.Int(t, "id", path)!.Value,
                JsonFields.String(t, "content", path)!,
                JsonFields.Bool(t, "special", path) ?? false));
        }
        return tokens;
    }

    // Merges as "left right" whether the file lists strings or [left, right] pairs.
    static string[] Merges(JsonElement model)
    {
        if (JsonFields.Get(model, "merges") is not { ValueKind: JsonValueKind.Array } list)
            return [];
        return [.. list.EnumerateArray().Select(m => m.ValueKind == JsonValueKind.String
            ? m.GetString()!
            : $"{m[0].GetString()} {m[1].GetString()}")];
    }
}
