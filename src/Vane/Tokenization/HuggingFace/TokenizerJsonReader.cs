using System.Text.Json;
using Vane.Loading;

namespace Vane.Tokenization.HuggingFace;

/// <summary>What tokenizer.json yields: the codec, and the BOS token its post-processor adds.</summary>
/// <param name="Codec">The encode/decode pipeline.</param>
/// <param name="PostProcessorBos">The special token the "post_processor" template puts first, or null.</param>
internal sealed record TokenizerJson(HfBpeCodec Codec, string? PostProcessorBos);

/// <summary>Reads a Hugging Face tokenizer.json whose model is BPE (byte-level or SentencePiece-style).</summary>
internal static class TokenizerJsonReader
{
    /// <summary>Reads <paramref name="path"/>; throws naming the file and field when it is malformed.</summary>
    public static TokenizerJson Read(string path)
    {
        using var doc = JsonFields.Parse(path);
        var root = doc.RootElement;
        var model = JsonFields.Get(root, "model")
            ?? throw new ModelFormatException(path, "model", "missing; expected an object with \"type\": \"BPE\"");
        var steps = new TokenizerJsonSteps(path);
        var codec = new HfBpeCodec(
            ReadModel(model, path),
            ReadAddedTokens(root, path),
            steps.Normalizer(JsonFields.Get(root, "normalizer"), "normalizer"),
            steps.PreTokenizer(JsonFields.Get(root, "pre_tokenizer"), "pre_tokenizer"),
            steps.Decoder(JsonFields.Get(root, "decoder"), "decoder"));
        return new TokenizerJson(codec, FirstSpecialToken(JsonFields.Get(root, "post_processor"), path));
    }

    static BpeModel ReadModel(JsonElement model, string path)
    {
        string type = JsonFields.String(model, "type", path) ?? "BPE";
        if (type != "BPE")
            throw new NotSupportedException(
                $"{path}: 'model.type': {type} tokenizers are not supported; Vane reads BPE models only.");
        foreach (string affix in (string[])["continuing_subword_prefix", "end_of_word_suffix"])
        {
            if (!string.IsNullOrEmpty(JsonFields.String(model, affix, path)))
                throw new NotSupportedException($"{path}: 'model.{affix}' is set; Vane's BPE does not support it.");
        }
        var vocab = ReadVocab(model, path);
        string? unk = JsonFields.String(model, "unk_token", path);
        int? unkId = null;
        if (unk is not null)
            unkId = vocab.TryGetValue(unk, out int u) ? u
                : throw new ModelFormatException(path, "model.unk_token", $"'{unk}' is not in model.vocab");
        return new BpeModel(
            vocab,
            ReadMerges(model, vocab, path),
            unkId,
            fuseUnk: JsonFields.Bool(model, "fuse_unk", path) ?? false,
            byteFallback: JsonFields.Bool(model, "byte_fallback", path) ?? false,
            ignoreMerges: JsonFields.Bool(model, "ignore_merges", path) ?? false);
    }

    static Dictionary<string, int> ReadVocab(JsonElement model, string path)
    {
        if (JsonFields.Get(model, "vocab") is not { ValueKind: JsonValueKind.Object } v)
            throw new ModelFormatException(path, "model.vocab", "missing; expected an object of token: id");
        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var p in v.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetInt32(out int id) || id < 0)
                throw JsonFields.Bad(path, $"model.vocab.{p.Name}", p.Value, "a non-negative integer id");
            vocab[p.Name] = id;
        }
        return vocab;
    }

    // Merges are "left right" strings (older files) or ["left", "right"] pairs (newer files).
    static Dictionary<(int, int), (int, int)> ReadMerges(
        JsonElement model, Dictionary<string, int> vocab, string path)
    {
        var merges = new Dictionary<(int, int), (int, int)>();
        if (JsonFields.Get(model, "merges") is not JsonElement list)
            return merges;
        if (list.ValueKind != JsonValueKind.Array)
            throw JsonFields.Bad(path, "model.merges", list, "a list");
        int rank = 0;
        foreach (var item in list.EnumerateArray())
        {
            var (left, right) = MergePair(item, path, rank);
            int l = Id(vocab, left, path, rank), r = Id(vocab, right, path, rank);
            int merged = Id(vocab, left + right, path, rank);
            merges.TryAdd((l, r), (rank, merged));
            rank++;
        }
        return merges;
    }

    static (string, string) MergePair(JsonElement item, string path, int rank)
    {
        if (item.ValueKind == JsonValueKind.String)
        {
            string[] parts = item.GetString()!.Split(' ');
            if (parts.Length == 2)
                return (parts[0], parts[1]);
        }
        else if (item.ValueKind == JsonValueKind.Array && item.GetArrayLength() == 2
                 && item[0].ValueKind == JsonValueKind.String && item[1].ValueKind == JsonValueKind.String)
        {
            return (item[0].GetString()!, item[1].GetString()!);
        }
        throw JsonFields.Bad(path, $"model.merges[{rank}]", item, "\"left right\" or [\"left\", \"right\"]");
    }

    static int Id(Dictionary<string, int> vocab, string token, string path, int rank) =>
        vocab.TryGetValue(token, out int id) ? id
        : throw new ModelFormatException(path, $"model.merges[{rank}]", $"'{token}' is not in model.vocab");

    static List<AddedToken> ReadAddedTokens(JsonElement root, string path)
    {
        var tokens = new List<AddedToken>();
        if (JsonFields.Get(root, "added_tokens") is not JsonElement list)
            return tokens;
        if (list.ValueKind != JsonValueKind.Array)
            throw JsonFields.Bad(path, "added_tokens", list, "a list");
        foreach (var t in list.EnumerateArray())
        {
            int id = JsonFields.Int(t, "id", path)
                ?? throw JsonFields.Bad(path, "added_tokens", t, "an object with an integer \"id\"");
            string content = JsonFields.String(t, "content", path)
                ?? throw JsonFields.Bad(path, "added_tokens", t, "an object with a string \"content\"");
            tokens.Add(new AddedToken(
                id,
                content,
                JsonFields.Bool(t, "special", path) ?? false,
                JsonFields.Bool(t, "lstrip", path) ?? false,
                JsonFields.Bool(t, "rstrip", path) ?? false));
        }
        return tokens;
    }

    // TemplateProcessing "single": [{"SpecialToken": {"id": "<s>"}}, {"Sequence": {"id": "A"}}]
    // means BOS is added; a "Sequence" post-processor may hold the template among others.
    static string? FirstSpecialToken(JsonElement? processor, string path)
    {
        if (processor is not JsonElement p)
            return null;
        string? type = JsonFields.String(p, "type", path);
        if (type == "Sequence" && JsonFields.Get(p, "processors") is { ValueKind: JsonValueKind.Array } list)
            return list.EnumerateArray().Select(e => FirstSpecialToken(e, path)).FirstOrDefault(s => s is not null);
        if (type != "TemplateProcessing"
            || JsonFields.Get(p, "single") is not { ValueKind: JsonValueKind.Array } single
            || single.GetArrayLength() == 0)
            return null;
        var first = JsonFields.Get(single[0], "SpecialToken");
        return first is JsonElement st ? JsonFields.String(st, "id", path) : null;
    }
}
