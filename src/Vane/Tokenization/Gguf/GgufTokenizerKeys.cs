namespace Vane.Tokenization.Gguf;

/// <summary>The GGUF metadata keys llama.cpp uses for tokenizers.</summary>
public static class GgufTokenizerKeys
{
    /// <summary>String: the tokenizer family, "llama" (SentencePiece) or "gpt2" (byte-level BPE).</summary>
    public const string Model = "tokenizer.ggml.model";

    /// <summary>String: the pre-tokenizer name of a "gpt2" tokenizer ("llama-bpe", "qwen2", ...).</summary>
    public const string Pre = "tokenizer.ggml.pre";

    /// <summary>Array of String: every token text, in id order.</summary>
    public const string Tokens = "tokenizer.ggml.tokens";

    /// <summary>Array of Float32: SentencePiece piece scores, in id order (higher merges first).</summary>
    public const string Scores = "tokenizer.ggml.scores";

    /// <summary>Array of Int32: a <see cref="GgufTokenType"/> per token.</summary>
    public const string TokenType = "tokenizer.ggml.token_type";

    /// <summary>Array of String: byte-level BPE merges "left right", highest priority first.</summary>
    public const string Merges = "tokenizer.ggml.merges";

    /// <summary>UInt32: the BOS id.</summary>
    public const string BosId = "tokenizer.ggml.bos_token_id";

    /// <summary>UInt32: the EOS id.</summary>
    public const string EosId = "tokenizer.ggml.eos_token_id";

    /// <summary>UInt32: the unknown-token id.</summary>
    public const string UnknownId = "tokenizer.ggml.unknown_token_id";

    /// <summary>UInt32: the padding id.</summary>
    public const string PaddingId = "tokenizer.ggml.padding_token_id";

    /// <summary>Bool: whether BOS is put in front of encoded text.</summary>
    public const string AddBos = "tokenizer.ggml.add_bos_token";

    /// <summary>Bool: whether EOS is put after encoded text.</summary>
    public const string AddEos = "tokenizer.ggml.add_eos_token";

    /// <summary>Bool: whether SentencePiece text gets a leading space (default true).</summary>
    public const string AddSpacePrefix = "tokenizer.ggml.add_space_prefix";

    /// <summary>String: the Jinja chat template.</summary>
    public const string ChatTemplate = "tokenizer.chat_template";

    /// <summary>
    /// The id key of each special-token kind, as gguf-py names them ("seperator" is its spelling).
    /// </summary>
    internal static readonly (string Kind, string Key)[] SpecialIds =
    [
        ("bos", BosId),
        ("eos", EosId),
        ("unk", UnknownId),
        ("sep", "tokenizer.ggml.seperator_token_id"),
        ("pad", PaddingId),
        ("cls", "tokenizer.ggml.cls_token_id"),
        ("mask", "tokenizer.ggml.mask_token_id"),
    ];
}
