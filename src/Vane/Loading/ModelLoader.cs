using Microsoft.Extensions.Logging;
using Vane.Loading.Gguf;
using Vane.Model;
using Vane.Tokenization;
using Vane.Tokenization.Gguf;

namespace Vane.Loading;

/// <summary>Opens a model in either layout Vane reads: a Hugging Face folder or a .gguf file.</summary>
public static class ModelLoader
{
    /// <summary>Whether <paramref name="path"/> names a GGUF file (rather than a folder).</summary>
    public static bool IsGguf(string path) =>
        File.Exists(path) && path.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase);

    /// <summary>Loads the model of a Hugging Face folder or a .gguf file.</summary>
    public static TransformerModel Load(string path, ILogger? logger = null)
    {
        if (IsGguf(path))
            return GgufModelLoader.Load(path, logger);
        if (File.Exists(path))
            throw new ModelFormatException(path, null,
                "is a file but not a .gguf file (expected a model folder or a .gguf file)");
        return HfModelLoader.Load(path, logger);
    }

    /// <summary>The tokenizer of a folder or .gguf file, or null when it has none.</summary>
    public static TextTokenizer? LoadTokenizer(string path, ILogger? logger = null)
    {
        if (IsGguf(path))
        {
            using var file = GgufFile.Open(path);
            return file.Metadata.Contains(GgufTokenizerKeys.Model) && !HasPlaceholderVocabulary(file)
                ? GgufTokenizerLoader.Load(file, logger)
                : null;
        }
        bool hasFile = File.Exists(Path.Combine(path, TokenizerLoader.TokenizerJsonFile))
                       || File.Exists(Path.Combine(path, TokenizerLoader.SentencePieceFile));
        return hasFile ? TokenizerLoader.Load(path, logger) : null;
    }

    static bool HasPlaceholderVocabulary(GgufFile file) =>
        file.Metadata.TryGet(GgufTokenizerMetadata.PlaceholderKey, out var v) && v.Value is true;
}
