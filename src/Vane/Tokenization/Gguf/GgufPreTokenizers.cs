using System.Text.Json;
using System.Text.RegularExpressions;
using Vane.Loading;
using Vane.Tokenization.HuggingFace;

namespace Vane.Tokenization.Gguf;

/// <summary>
/// The byte-level pre-tokenizers llama.cpp knows by name (tokenizer.ggml.pre): the converter
/// names a tokenizer.json by its word-splitting regex, the loader rebuilds the splitting from
/// the name. Unrecognised splitting is named "default", as the converter falls back to.
/// </summary>
internal static class GgufPreTokenizers
{
    // Llama 3's word split: case-insensitive contractions, letter runs with one leading
    // non-letter, numbers of up to three digits, punctuation runs, newlines, spaces.
    const string Llama3 = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}"
        + @"| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    // Qwen2's: the same with single digits.
    const string Qwen2 = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}"
        + @"| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    // llama.cpp's "default": four splits applied one after the other.
    static readonly string[] Default =
    [
        @"[\p{P}\$\+<=>\^~\|]+",
        @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)",
        @"\p{N}+",
        @"[0-9][0-9][0-9]",
    ];

    /// <summary>
    /// The llama.cpp name for a tokenizer.json "pre_tokenizer": "llama-bpe" or "qwen2" for their
    /// regex split before a regex-free ByteLevel, "smollm" for single digits before ByteLevel,
    /// "gpt-2" for ByteLevel alone, else "default".
    /// </summary>
    /// <exception cref="NotSupportedException">No ByteLevel step: not a byte-level tokenizer.</exception>
    public static string NameOf(JsonElement? preTokenizer, string path)
    {
        var steps = new List<JsonElement>();
        Flatten(preTokenizer, steps, path);
        var byteLevel = steps.FindIndex(s => JsonFields.String(s, "type", path) == "ByteLevel");
        if (byteLevel < 0)
            throw new NotSupportedException(
                $"{path}: 'pre_tokenizer' has no ByteLevel step; only byte-level BPE tokenizer.json files " +
                "convert to GGUF here (a SentencePiece-style model needs its tokenizer.model).");
        bool byteRegex = JsonFields.Bool(steps[byteLevel], "use_regex", path) ?? true;
        var before = steps.Take(byteLevel).ToList();
        if (before.Count == 0 && byteRegex)
            return "gpt-2";
        if (before.Count == 1 && byteRegex && JsonFields.String(before[0], "type", path) == "Digits"
            && JsonFields.Bool(before[0], "individual_digits", path) == true)
            return "smollm";
        if (before.Count == 1 && !byteRegex && SplitRegex(before[0], path) is string regex)
            return regex == Llama3 ? "llama-bpe" : regex == Qwen2 ? "qwen2" : "default";
        return "default";
    }

    /// <summary>
    /// The pre-tokenizer for <paramref name="name"/>, and whether whole words found in the
    /// vocabulary skip merging (llama.cpp does so for Llama 3).
    /// </summary>
    /// <exception cref="NotSupportedException">A name Vane does not know.</exception>
    public static (PreTokenizer Pre, bool IgnoreMerges) Build(string name, string path) => name switch
    {
        "llama-bpe" or "llama3" => (Split([Llama3]), true),
        "qwen2" or "deepseek-r1-qwen" => (Split([Qwen2]), false),
        "gpt-2" => (new ByteLevelPreTokenizer(addPrefixSpace: false, useRegex: true), false),
        "smollm" => (new SequencePreTokenizer(
            [new DigitsPreTokenizer(individual: true), new ByteLevelPreTokenizer(false, true)]), false),
        "default" => (Split(Default), false),
        _ => throw new NotSupportedException(
            $"{path}: '{GgufTokenizerKeys.Pre}' is '{name}'; Vane knows default, gpt-2, " +
            "llama-bpe, qwen2 and smollm."),
    };

    static PreTokenizer Split(string[] patterns) => new SequencePreTokenizer(
    [
        .. patterns.Select(p => new RegexSplitPreTokenizer(
            new Regex(p, RegexOptions.CultureInvariant), keepMatches: true)),
        new ByteLevelPreTokenizer(addPrefixSpace: false, useRegex: false),
    ]);

    static void Flatten(JsonElement? step, List<JsonElement> output, string path)
    {
        if (step is not JsonElement s)
            return;
        if (JsonFields.String(s, "type", path) == "Sequence"
            && JsonFields.Get(s, "pretokenizers") is { ValueKind: JsonValueKind.Array } list)
        {
            foreach (var inner in list.EnumerateArray())
                Flatten(inner, output, path);
            return;
        }
        output.Add(s);
    }

    static string? SplitRegex(JsonElement step, string path) =>
        JsonFields.String(step, "type", path) == "Split" && JsonFields.Get(step, "pattern") is JsonElement p
            ? JsonFields.String(p, "Regex", path)
            : null;
}
