using Vane.Loading.Gguf;

namespace Vane.Tokenization.Gguf;

/// <summary>
/// The "llama" tokenizer keys of a SentencePiece tokenizer.model. Piece types are kept as
/// SentencePiece reports them, except that user-defined pieces count as normal (the converter
/// asks only IsUnknown, IsControl, IsUnused, IsByte); config.json vocab_size pads the list with
/// unused "[PADn]" slots; tokenizer_config added_tokens_decoder entries overwrite their slots.
/// </summary>
internal static class SentencePieceMetadata
{
    const float PadScore = -10000f, AddedScore = -1000f;

    /// <summary>The keys for tokenizer.model at <paramref name="path"/> in <paramref name="folder"/>.</summary>
    public static List<KeyValuePair<string, GgufValue>> Build(string folder, string path)
    {
        var pieces = SentencePieceProto.ReadPieces(path);
        int size = HfFolderFiles.ConfigVocabSize(folder) ?? pieces.Count;
        var tokens = new string[size];
        var scores = new float[size];
        var types = new int[size];
        for (int id = 0; id < size; id++)
        {
            var p = id < pieces.Count ? pieces[id] : new SentencePiece($"[PAD{id}]", PadScore, GgufTokenType.Unused);
            tokens[id] = p.Text;
            scores[id] = p.Score;
            types[id] = (int)(p.Type == GgufTokenType.UserDefined ? GgufTokenType.Normal : p.Type);
        }
        foreach (var added in HfFolderFiles.AddedTokensDecoder(folder))
        {
            if (added.Id >= size)
                continue; // the converter skips ids past the vocabulary too
            bool control = added.Special || HfFolderFiles.LooksSpecial(added.Content);
            tokens[added.Id] = control ? added.Content : added.Content.Replace('\u2581', ' ');
            scores[added.Id] = AddedScore;
            types[added.Id] = (int)(control ? GgufTokenType.Control : GgufTokenType.UserDefined);
        }

        var keys = new List<KeyValuePair<string, GgufValue>>
        {
            new(GgufTokenizerKeys.Model, GgufValue.Of("llama")),
            new(GgufTokenizerKeys.Pre, GgufValue.Of("default")),
            new(GgufTokenizerKeys.Tokens, GgufValue.Array(tokens)),
            new(GgufTokenizerKeys.Scores, GgufValue.Array(scores)),
            new(GgufTokenizerKeys.TokenType, GgufValue.Array(types)),
        };
        SpecialVocab.Read(folder, size, new Dictionary<string, int>(), null).AppendTo(keys);
        if (HfFolderFiles.AddPrefixSpace(folder) is bool prefix)
            keys.Add(new(GgufTokenizerKeys.AddSpacePrefix, GgufValue.Of(prefix)));
        return keys;
    }
}
