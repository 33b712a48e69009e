namespace Vane.Tokenization;

/// <summary>A <see cref="TextTokenizer"/> over a format-specific codec, adding BOS when asked.</summary>
internal sealed class CodecTokenizer(ITokenCodec codec) : TextTokenizer
{
    /// <summary>The format-specific codec (SentencePiece model or tokenizer.json pipeline).</summary>
    public ITokenCodec Codec { get; } = codec;

    /// <inheritdoc/>
    public override int VocabSize => Codec.VocabSize;

    /// <inheritdoc/>
    public override int[] Encode(string text, bool addSpecial = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = Codec.Encode(text);
        if (addSpecial && AddBos && BosId is int bos)
            ids.Insert(0, bos);
        return [.. ids];
    }

    /// <inheritdoc/>
    public override string Decode(ReadOnlySpan<int> ids)
    {
        foreach (int id in ids)
        {
            if (id < 0 || id >= VocabSize)
                throw new ArgumentOutOfRangeException(
                    nameof(ids), id, $"token id outside the vocabulary (expected 0..{VocabSize - 1})");
        }
        return Codec.Decode(ids);
    }

    /// <inheritdoc/>
    public override int? TokenToId(string token) => Codec.TokenToId(token);
}
