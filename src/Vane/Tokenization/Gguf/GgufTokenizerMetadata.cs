using Vane.Loading;
using Vane.Loading.Gguf;

namespace Vane.Tokenization.Gguf;

/// <summary>
/// Turns the tokenizer of a Hugging Face model folder into llama.cpp's GGUF tokenizer keys, the
/// way llama.cpp's convert_hf_to_gguf.py writes them: a SentencePiece tokenizer.model becomes
/// tokenizer.ggml.model "llama" (tokens, scores, types); a byte-level BPE tokenizer.json becomes
/// "gpt2" (tokens, types, merges, and a pre-tokenizer name). Special ids, the add_bos/add_eos
/// flags and the chat template follow, from tokenizer_config.json and config.json.
/// </summary>
public static class GgufTokenizerMetadata
{
    /// <summary>
    /// The tokenizer keys for <paramref name="folder"/>, in the order convert_hf_to_gguf.py writes
    /// them. tokenizer.model is preferred when both files exist, as the Llama converter does.
    /// </summary>
    /// <param name="folder">A folder holding tokenizer.model or tokenizer.json.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="ModelFormatException">No tokenizer file, or a malformed one.</exception>
    /// <exception cref="NotSupportedException">A tokenizer.json that is not byte-level BPE.</exception>
    public static IReadOnlyList<KeyValuePair<string, GgufValue>> FromHfFolder(string folder)
    {
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"Model folder '{folder}' does not exist.");
        string spPath = Path.Combine(folder, TokenizerLoader.SentencePieceFile);
        string jsonPath = Path.Combine(folder, TokenizerLoader.TokenizerJsonFile);
        if (File.Exists(spPath))
            return SentencePieceMetadata.Build(folder, spPath);
        if (File.Exists(jsonPath))
            return ByteLevelMetadata.Build(folder, jsonPath);
        throw new ModelFormatException(folder, null,
            $"no tokenizer found: looked for {TokenizerLoader.SentencePieceFile} and " +
            $"{TokenizerLoader.TokenizerJsonFile}; neither exists.");
    }

    /// <summary>Key (Bool) that marks a made-up vocabulary written for a model without a tokenizer.</summary>
    public const string PlaceholderKey = "vane.tokenizer.placeholder";

    /// <summary>
    /// Keys of a made-up vocabulary of <paramref name="vocabSize"/> pieces "[id]", for a model
    /// without a tokenizer, so that llama.cpp loads the file (it is then used with token ids).
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, GgufValue>> Placeholder(int vocabSize, int? bosId, int? eosId) =>
        PlaceholderVocabulary.Build(vocabSize, bosId, eosId).ToList();

    /// <summary>Adds the tokenizer keys of <paramref name="folder"/> to <paramref name="writer"/>.</summary>
    /// <param name="writer">The GGUF being built; it must not hold tokenizer keys yet.</param>
    /// <param name="folder">A folder holding tokenizer.model or tokenizer.json.</param>
    /// <returns><paramref name="writer"/>, for chaining.</returns>
    public static GgufWriter AddTo(GgufWriter writer, string folder)
    {
        ArgumentNullException.ThrowIfNull(writer);
        foreach (var (key, value) in FromHfFolder(folder))
            writer.AddMetadata(key, value);
        return writer;
    }
}
