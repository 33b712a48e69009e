using Vane.Loading;
using Vane.Loading.Gguf;

namespace Vane.Tokenization.Gguf;

/// <summary>
/// The token list of a GGUF file: texts, scores and types in id order, checked to be the same
/// length. Scores default to 0 and types to normal when their keys are absent.
/// </summary>
internal sealed class GgufVocab
{
    readonly Dictionary<string, int> _byText = new(StringComparer.Ordinal);

    GgufVocab(string[] tokens, float[] scores, GgufTokenType[] types)
    {
        Tokens = tokens;
        Scores = scores;
        Types = types;
        for (int id = 0; id < tokens.Length; id++)
            _byText.TryAdd(tokens[id], id);
    }

    /// <summary>Token texts. [VocabSize]</summary>
    public string[] Tokens { get; }

    /// <summary>Piece scores. [VocabSize]</summary>
    public float[] Scores { get; }

    /// <summary>Token kinds. [VocabSize]</summary>
    public GgufTokenType[] Types { get; }

    /// <summary>Number of tokens.</summary>
    public int Count => Tokens.Length;

    /// <summary>The id of the first token with text <paramref name="token"/>, or null.</summary>
    public int? IdOf(string token) => _byText.TryGetValue(token, out int id) ? id : null;

    /// <summary>Reads the lists from <paramref name="meta"/>; scores are required when asked.</summary>
    public static GgufVocab Read(GgufMetadata meta, bool scoresRequired)
    {
        string[] tokens = meta.GetArray<string>(GgufTokenizerKeys.Tokens);
        float[] scores = scoresRequired || meta.Contains(GgufTokenizerKeys.Scores)
            ? meta.GetArray<float>(GgufTokenizerKeys.Scores)
            : new float[tokens.Length];
        int[] types = meta.Contains(GgufTokenizerKeys.TokenType)
            ? meta.GetArray<int>(GgufTokenizerKeys.TokenType)
            : Enumerable.Repeat((int)GgufTokenType.Normal, tokens.Length).ToArray();
        SameLength(meta, GgufTokenizerKeys.Scores, scores.Length, tokens.Length);
        SameLength(meta, GgufTokenizerKeys.TokenType, types.Length, tokens.Length);
        return new GgufVocab(tokens, scores, [.. types.Select(t => (GgufTokenType)t)]);
    }

    /// <summary>
    /// The id under <paramref name="key"/>, checked against the vocabulary; null when absent.
    /// </summary>
    public int? OptionalId(GgufMetadata meta, string key)
    {
        if (!meta.Contains(key))
            return null;
        long id = meta.GetInteger(key);
        return id >= 0 && id < Count ? (int)id
            : throw new ModelFormatException(meta.Path, key, $"found id {id}, expected 0..{Count - 1}");
    }

    static void SameLength(GgufMetadata meta, string key, int found, int expected)
    {
        if (found != expected)
            throw new ModelFormatException(meta.Path, key,
                $"found {found} entries, expected one per token ({expected}, from {GgufTokenizerKeys.Tokens})");
    }
}
