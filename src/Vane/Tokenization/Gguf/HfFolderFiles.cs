using System.Text.Json;
using Vane.Loading;

namespace Vane.Tokenization.Gguf;

/// <summary>One tokenizer_config.json added_tokens_decoder entry.</summary>
/// <param name="Id">The token id.</param>
/// <param name="Content">The token text.</param>
/// <param name="Special">Its "special" flag.</param>
internal readonly record struct ConfigAddedToken(int Id, string Content, bool Special);

/// <summary>The few config.json and tokenizer_config.json fields the GGUF converter reads.</summary>
internal static class HfFolderFiles
{
    /// <summary>config.json vocab_size, or null when absent.</summary>
    public static int? ConfigVocabSize(string folder)
    {
        string path = Path.Combine(folder, "config.json");
        using var doc = JsonFields.ParseIfExists(path);
        return doc is null ? null : JsonFields.Int(doc.RootElement, "vocab_size", path);
    }

    /// <summary>tokenizer_config.json added_tokens_decoder, in file order; empty when absent.</summary>
    public static List<ConfigAddedToken> AddedTokensDecoder(string folder)
    {
        string path = Path.Combine(folder, "tokenizer_config.json");
        using var doc = JsonFields.ParseIfExists(path);
        var tokens = new List<ConfigAddedToken>();
        if (doc is null || JsonFields.Get(doc.RootElement, "added_tokens_decoder")
                is not { ValueKind: JsonValueKind.Object } decoder)
            return tokens;
        foreach (var p in decoder.EnumerateObject())
        {
            if (!int.TryParse(p.Name, out int id) || id < 0)
                throw JsonFields.Bad(path, "added_tokens_decoder", p.Value, $"a token id key, not \"{p.Name}\"");
            string content = JsonFields.String(p.Value, "content", path)
                ?? throw JsonFields.Bad(path, $"added_tokens_decoder.{id}", p.Value, "an object with \"content\"");
            tokens.Add(new(id, content, JsonFields.Bool(p.Value, "special", path) ?? false));
        }
        return tokens;
    }

    /// <summary>tokenizer_config.json add_prefix_space, or null when absent.</summary>
    public static bool? AddPrefixSpace(string folder)
    {
        string path = Path.Combine(folder, "tokenizer_config.json");
        using var doc = JsonFields.ParseIfExists(path);
        return doc is null ? null : JsonFields.Bool(doc.RootElement, "add_prefix_space", path);
    }

    /// <summary>
    /// Whether an added token not marked special still reads as a control token, as the
    /// converter judges it: "&lt;|...|&gt;" markers and a few known padding and mask texts.
    /// </summary>
    public static bool LooksSpecial(string token) =>
        token is "<pad>" or "<mask>" or "<2mass>" or "[@BOS@]"
        || (token.StartsWith("<|", StringComparison.Ordinal) && token.EndsWith("|>", StringComparison.Ordinal))
        || (token.StartsWith("<\uFF5C", StringComparison.Ordinal)
            && token.EndsWith("\uFF5C>", StringComparison.Ordinal));
}
