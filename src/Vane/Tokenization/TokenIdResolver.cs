using Vane.Loading;

namespace Vane.Tokenization;

/// <summary>Turns special-token texts and ids from config files into checked ids.</summary>
internal sealed class TokenIdResolver(ITokenCodec codec, string folder, string tokenizerFile)
{
    /// <summary>
    /// The id of <paramref name="text"/>, or null when it is null. A text that is no token
    /// is an error in tokenizer_config.json <paramref name="field"/> (or in the tokenizer file).
    /// </summary>
    public int? Token(string? text, string? field)
    {
        if (text is null)
            return null;
        if (codec.TokenToId(text) is int id)
            return id;
        string file = field is null ? tokenizerFile : Path.Combine(folder, "tokenizer_config.json");
        throw new ModelFormatException(file, field ?? "post_processor",
            $"'{text}' is not a token of {Path.GetFileName(tokenizerFile)}; is this the right tokenizer?");
    }

    /// <summary><paramref name="id"/> when it lies inside the vocabulary, else an error naming the file.</summary>
    public int? Checked(int? id, string fileName, string field)
    {
        if (id is null || (id >= 0 && id < codec.VocabSize))
            return id;
        throw new ModelFormatException(Path.Combine(folder, fileName), field,
            $"id {id} is outside the vocabulary (expected 0..{codec.VocabSize - 1})");
    }
}
