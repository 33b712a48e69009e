using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vane.Tokenization.Gguf;

namespace Vane.Loading.Gguf;

/// <summary>
/// A Hugging Face folder to a GGUF file that llama.cpp loads: weights and hyper-parameters
/// (<see cref="GgufConvert"/>) plus the tokenizer keys, or a placeholder vocabulary when the
/// folder has no tokenizer.
/// </summary>
public static class HfToGguf
{
    /// <summary>
    /// Converts <paramref name="folder"/> into <paramref name="outPath"/> with matrices of
    /// <paramref name="type"/>.
    /// </summary>
    public static void Convert(string folder, string outPath, GgmlType type, ILogger? logger = null)
    {
        logger ??= NullLogger.Instance;
        AtomicFile.CheckWritable(outPath);
        using var model = HfModelLoader.Load(folder, logger);
        bool hasTokenizer = File.Exists(Path.Combine(folder, Tokenization.TokenizerLoader.SentencePieceFile))
                            || File.Exists(Path.Combine(folder, Tokenization.TokenizerLoader.TokenizerJsonFile));
        if (!hasTokenizer)
            logger.LogWarning("{Folder} has no tokenizer: writing a placeholder vocabulary (use token ids)", folder);
        var c = model.Config;
        GgufConvert.FromModel(model, outPath, type, w =>
        {
            var keys = hasTokenizer
                ? GgufTokenizerMetadata.FromHfFolder(folder)
                : GgufTokenizerMetadata.Placeholder(c.VocabSize, c.BosId, c.EosIds.Count > 0 ? c.EosIds[0] : null);
            foreach (var (key, value) in keys)
                w.AddMetadata(key, value);
        }, logger);
    }
}
