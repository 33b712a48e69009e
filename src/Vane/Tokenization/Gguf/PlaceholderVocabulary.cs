using Vane.Loading.Gguf;

namespace Vane.Tokenization.Gguf;

/// <summary>
/// Tokenizer keys for a model that has no tokenizer (random test models): llama.cpp will not
/// load a GGUF without a vocabulary, so each id gets a made-up piece "[id]". Such a file is
/// used with token ids only; <see cref="GgufTokenizerMetadata.PlaceholderKey"/> marks it.
/// </summary>
internal static class PlaceholderVocabulary
{
    public static IEnumerable<KeyValuePair<string, GgufValue>> Build(int vocabSize, int? bosId, int? eosId)
    {
        var tokens = new string[vocabSize];
        var scores = new float[vocabSize];
        var types = new int[vocabSize];
        for (int i = 0; i < vocabSize; i++)
        {
            tokens[i] = $"[{i}]";
            types[i] = (int)GgufTokenType.Normal;
        }
        tokens[0] = "<unk>";
        types[0] = (int)GgufTokenType.Unknown;
        yield return new(GgufTokenizerKeys.Model, GgufValue.Of("llama"));
        yield return new(GgufTokenizerKeys.Tokens, GgufValue.Array(tokens));
        yield return new(GgufTokenizerKeys.Scores, GgufValue.Array(scores));
        yield return new(GgufTokenizerKeys.TokenType, GgufValue.Array(types));
        if (bosId is int bos && bos > 0 && bos < vocabSize)
            yield return new(GgufTokenizerKeys.BosId, GgufValue.Of((uint)bos));
        if (eosId is int eos && eos > 0 && eos < vocabSize)
            yield return new(GgufTokenizerKeys.EosId, GgufValue.Of((uint)eos));
        yield return new(GgufTokenizerKeys.AddBos, GgufValue.Of(false));
        yield return new(GgufTokenizerMetadata.PlaceholderKey, GgufValue.Of(true));
    }
}
