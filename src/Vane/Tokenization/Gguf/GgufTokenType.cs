namespace Vane.Tokenization.Gguf;

/// <summary>
/// The kinds of token stored in tokenizer.ggml.token_type (i32), numbered as llama.cpp and
/// SentencePiece number them.
/// </summary>
public enum GgufTokenType
{
    /// <summary>An ordinary piece of text, produced by BPE merges.</summary>
    Normal = 1,

    /// <summary>The unknown token (&lt;unk&gt;).</summary>
    Unknown = 2,

    /// <summary>A control token (BOS, EOS, chat markers): left out when decoding.</summary>
    Control = 3,

    /// <summary>A token matched whole in the text before BPE, decoded as its text.</summary>
    UserDefined = 4,

    /// <summary>A padding slot no encoding produces ("[PAD17]").</summary>
    Unused = 5,

    /// <summary>A byte-fallback piece "&lt;0xNN&gt;" standing for one raw UTF-8 byte.</summary>
    Byte = 6,
}
