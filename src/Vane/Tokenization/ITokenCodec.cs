namespace Vane.Tokenization;

/// <summary>
/// The text-to-ids core of one tokenizer file format, without BOS/EOS policy;
/// <see cref="CodecTokenizer"/> adds that policy on top.
/// </summary>
internal interface ITokenCodec
{
    /// <summary>Number of ids, including special and added tokens.</summary>
    int VocabSize { get; }

    /// <summary>Ids for <paramref name="text"/>; special tokens in the text map to their ids, no BOS added.</summary>
    List<int> Encode(string text);

    /// <summary>Text for <paramref name="ids"/>, skipping special tokens; broken UTF-8 becomes U+FFFD.</summary>
    string Decode(ReadOnlySpan<int> ids);

    /// <summary>The id of a whole token written as text, or null.</summary>
    int? TokenToId(string token);
}
