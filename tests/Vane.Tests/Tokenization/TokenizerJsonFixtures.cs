using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vane.Tests.Tokenization;

/// <summary>
/// Tiny tokenizer.json files built in code, with vocabularies and merges small enough that
/// expected ids can be worked out by hand from the merge rules.
/// </summary>
internal static class TokenizerJsonFixtures
{
    // GPT-2 byte-level alphabet: printable Latin-1 bytes are themselves, the rest U+0100 on.
    static string ByteChar(int b)
    {
        int next = 256;
        for (int i = 0; i < 256; i++)
        {
            bool printable = i is >= 33 and <= 126 or >= 161 and <= 172 or >= 174 and <= 255;
            if (i == b)
                return ((char)(printable ? i : next)).ToString();
            if (!printable)
                next++;
        }
        throw new ArgumentOutOfRangeException(nameof(b));
    }

    /// <summary>Byte-level ids: byte b has id b (so 'h' = 104, ' ' = 'Ġ' = 32, '\n' = 10).</summary>
    public static readonly string[] ByteLevelMerges =
    [
        "h e",        // 256 he
        "l l",        // 257 ll
        "he ll",      // 258 hell
        "hell o",     // 259 hello
        "Ġ w",        // 260 Ġw
        "o r",        // 261 or
        "Ġw or",      // 262 Ġwor
        "Ġwor l",     // 263 Ġworl
        "Ġworl d",    // 264 Ġworld
        "e l",        // 265 el   (ranked below "l l": "yell" keeps e + ll)
        "3 4",        // 266 34   (never applies across the digit split 123|45)
    ];

    /// <summary>Ids of the added tokens of the byte-level fixture.</summary>
    public const int EndOfText = 267, ImStart = 268, ImEnd = 269;

    /// <summary>
    /// A Qwen2-style tokenizer.json: NFC, a Llama 3 regex split, byte-level BPE over all 256
    /// bytes (id = byte value), the merges above, and three special added tokens.
    /// </summary>
    public static string ByteLevel()
    {
        var vocab = new JsonObject();
        for (int b = 0; b < 256; b++)
            vocab[ByteChar(b)] = b;
        int id = 256;
        foreach (string merge in ByteLevelMerges)
            vocab[merge.Replace(" ", "")] = id++;
        // Llama 3's split pattern (Qwen2's differs only in \p{N} instead of \p{N}{1,3}).
        string regex = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}"
            + @"| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";
        var root = new JsonObject
        {
            ["version"] = "1.0",
            ["added_tokens"] = new JsonArray(
                Added(EndOfText, "<|endoftext|>"), Added(ImStart, "<|im_start|>"), Added(ImEnd, "<|im_end|>")),
            ["normalizer"] = new JsonObject { ["type"] = "NFC" },
            ["pre_tokenizer"] = new JsonObject
            {
                ["type"] = "Sequence",
                ["pretokenizers"] = new JsonArray(
                    new JsonObject
                    {
                        ["type"] = "Split",
                        ["pattern"] = new JsonObject { ["Regex"] = regex },
                        ["behavior"] = "Isolated",
                        ["invert"] = false,
                    },
                    new JsonObject
                    {
                        ["type"] = "ByteLevel",
                        ["add_prefix_space"] = false,
                        ["trim_offsets"] = false,
                        ["use_regex"] = false,
                    }),
            },
            ["post_processor"] = new JsonObject
            {
                ["type"] = "ByteLevel",
                ["add_prefix_space"] = false,
                ["trim_offsets"] = false,
                ["use_regex"] = false,
            },
            ["decoder"] = new JsonObject
            {
                ["type"] = "ByteLevel",
                ["add_prefix_space"] = false,
                ["trim_offsets"] = false,
                ["use_regex"] = false,
            },
            ["model"] = new JsonObject
            {
                ["type"] = "BPE",
                ["dropout"] = null,
                ["unk_token"] = null,
                ["continuing_subword_prefix"] = "",
                ["end_of_word_suffix"] = "",
                ["fuse_unk"] = false,
                ["byte_fallback"] = false,
                ["ignore_merges"] = false,
                ["vocab"] = vocab,
                ["merges"] = new JsonArray([.. ByteLevelMerges.Select(m => (JsonNode)JsonValue.Create(m)!)]),
            },
        };
        return root.ToJsonString(Options);
    }

    /// <summary>
    /// Pieces after &lt;unk&gt;=0, &lt;s&gt;=1, &lt;/s&gt;=2 and &lt;0x00&gt;..&lt;0xFF&gt; = 3..258.
    /// </summary>
    public static readonly string[] SentencePiecePieces =
    [
        "▁", "h", "e", "l", "o", "w", "r", "d",                  // 259..266
        "▁h", "ll", "▁he", "▁hell", "▁hello",                    // 267..271
        "▁w", "or", "▁wor", "ld", "▁world",                      // 272..276
    ];

    /// <summary>Merges of the SentencePiece-style fixture, in rank order.</summary>
    public static readonly string[][] SentencePieceMerges =
    [
        ["▁", "h"], ["l", "l"], ["▁h", "e"], ["▁he", "ll"], ["▁hell", "o"],
        ["▁", "w"], ["o", "r"], ["▁w", "or"], ["l", "d"], ["▁wor", "ld"],
    ];

    /// <summary>
    /// A Llama-2 / TinyLlama-style tokenizer.json: byte-fallback BPE over "▁" pieces, merges in the
    /// newer [left, right] form, BOS added by the post-processor. <paramref name="metaspace"/>
    /// picks the Metaspace pre-tokenizer/decoder (Mistral style) over the Prepend+Replace normalizer.
    /// </summary>
    public static string SentencePieceStyle(bool metaspace)
    {
        var vocab = new JsonObject { ["<unk>"] = 0, ["<s>"] = 1, ["</s>"] = 2 };
        for (int b = 0; b < 256; b++)
            vocab[$"<0x{b:X2}>"] = 3 + b;
        int id = 259;
        foreach (string piece in SentencePiecePieces)
            vocab[piece] = id++;
        var root = new JsonObject
        {
            ["version"] = "1.0",
            ["added_tokens"] = new JsonArray(Added(0, "<unk>"), Added(1, "<s>"), Added(2, "</s>")),
            ["normalizer"] = metaspace ? null : new JsonObject
            {
                ["type"] = "Sequence",
                ["normalizers"] = new JsonArray(
                    new JsonObject { ["type"] = "Prepend", ["prepend"] = "▁" },
                    new JsonObject
                    {
                        ["type"] = "Replace",
                        ["pattern"] = new JsonObject { ["String"] = " " },
                        ["content"] = "▁",
                    }),
            },
            ["pre_tokenizer"] = metaspace ? Metaspace() : null,
            ["post_processor"] = BosTemplate(),
            ["decoder"] = metaspace
                ? new JsonObject
                {
                    ["type"] = "Sequence",
                    ["decoders"] = new JsonArray(
                        Metaspace(),
                        new JsonObject { ["type"] = "ByteFallback" },
                        new JsonObject { ["type"] = "Fuse" }),
                }
                : new JsonObject
                {
                    ["type"] = "Sequence",
                    ["decoders"] = new JsonArray(
                        new JsonObject
                        {
                            ["type"] = "Replace",
                            ["pattern"] = new JsonObject { ["String"] = "▁" },
                            ["content"] = " ",
                        },
                        new JsonObject { ["type"] = "ByteFallback" },
                        new JsonObject { ["type"] = "Fuse" },
                        new JsonObject { ["type"] = "Strip", ["content"] = " ", ["start"] = 1, ["stop"] = 0 }),
                },
            ["model"] = new JsonObject
            {
                ["type"] = "BPE",
                ["dropout"] = null,
                ["unk_token"] = "<unk>",
                ["continuing_subword_prefix"] = null,
                ["end_of_word_suffix"] = null,
                ["fuse_unk"] = true,
                ["byte_fallback"] = true,
                ["ignore_merges"] = false,
                ["vocab"] = vocab,
                ["merges"] = new JsonArray([.. SentencePieceMerges.Select(m => (JsonNode)new JsonArray(m[0], m[1]))]),
            },
        };
        return root.ToJsonString(Options);
    }

    // Raw UTF-8 ("▁", "<") as real tokenizer.json files have it, rather than \u escapes.
    static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    static JsonObject Metaspace() => new()
    {
        ["type"] = "Metaspace",
        ["replacement"] = "▁",
        ["prepend_scheme"] = "first",
        ["split"] = false,
    };

    static JsonObject BosTemplate() => new()
    {
        ["type"] = "TemplateProcessing",
        ["single"] = new JsonArray(
            new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = "<s>", ["type_id"] = 0 } },
            new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "A", ["type_id"] = 0 } }),
        ["pair"] = new JsonArray(
            new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = "<s>", ["type_id"] = 0 } },
            new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "A", ["type_id"] = 0 } },
            new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = "<s>", ["type_id"] = 1 } },
            new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "B", ["type_id"] = 1 } }),
        ["special_tokens"] = new JsonObject
        {
            ["<s>"] = new JsonObject
            {
                ["id"] = "<s>",
                ["ids"] = new JsonArray(1),
                ["tokens"] = new JsonArray("<s>"),
            },
        },
    };

    static JsonObject Added(int id, string content) => new()
    {
        ["id"] = id,
        ["content"] = content,
        ["single_word"] = false,
        ["lstrip"] = false,
        ["rstrip"] = false,
        ["normalized"] = false,
        ["special"] = true,
    };
}
