using Microsoft.Extensions.Logging;
using Vane.Loading;
using Vane.Loading.Gguf;
using Vane.Tokenization.HuggingFace;

namespace Vane.Tokenization.Gguf;

/// <summary>
/// Builds the <see cref="TextTokenizer"/> stored in a GGUF file's tokenizer.ggml.* keys:
/// "llama" is SentencePiece BPE over tokens, scores and types; "gpt2" is byte-level BPE over
/// tokens and merges with the pre-tokenizer named by tokenizer.ggml.pre.
/// </summary>
public static class GgufTokenizerLoader
{
    /// <summary>Loads the tokenizer of <paramref name="file"/>.</summary>
    /// <param name="file">An open GGUF file.</param>
    /// <param name="logger">Receives one line describing what was loaded; optional.</param>
    /// <exception cref="ModelFormatException">A key is missing, of the wrong type, or out of range.</exception>
    /// <exception cref="NotSupportedException">A tokenizer model or pre-tokenizer Vane does not implement.</exception>
    public static TextTokenizer Load(GgufFile file, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        return Load(file.Metadata, logger);
    }

    /// <summary>Loads the tokenizer described by <paramref name="meta"/>.</summary>
    /// <param name="meta">The metadata of a GGUF file.</param>
    /// <param name="logger">Receives one line describing what was loaded; optional.</param>
    /// <exception cref="ModelFormatException">A key is missing, of the wrong type, or out of range.</exception>
    /// <exception cref="NotSupportedException">A tokenizer model or pre-tokenizer Vane does not implement.</exception>
    public static TextTokenizer Load(GgufMetadata meta, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(meta);
        string model = meta.GetString(GgufTokenizerKeys.Model);
        bool spm = model switch
        {
            "llama" => true,
            "gpt2" => false,
            _ => throw new NotSupportedException(
                $"{meta.Path}: '{GgufTokenizerKeys.Model}' is '{model}'; Vane reads \"llama\" " +
                "(SentencePiece BPE) and \"gpt2\" (byte-level BPE) tokenizers."),
        };
        var vocab = GgufVocab.Read(meta, scoresRequired: spm);
        string pre = meta.Contains(GgufTokenizerKeys.Pre) ? meta.GetString(GgufTokenizerKeys.Pre) : "default";

        // llama.cpp's defaults when a SentencePiece file leaves the ids out: <unk> 0, <s> 1, </s> 2.
        int? bos = vocab.OptionalId(meta, GgufTokenizerKeys.BosId) ?? (spm ? Fallback(vocab, 1) : null);
        int? eos = vocab.OptionalId(meta, GgufTokenizerKeys.EosId) ?? (spm ? Fallback(vocab, 2) : null);
        int? unk = vocab.OptionalId(meta, GgufTokenizerKeys.UnknownId) ?? (spm ? Fallback(vocab, 0) : null);
        // Without the flag, llama.cpp adds BOS for SentencePiece and Llama 3 when there is one.
        bool? addBosFlag = Flag(meta, GgufTokenizerKeys.AddBos);
        bool addBos = addBosFlag ?? (bos is not null && (spm || pre is "llama-bpe" or "llama3"));
        if (addBos && bos is null)
            throw new ModelFormatException(meta.Path, GgufTokenizerKeys.BosId,
                $"missing, but {GgufTokenizerKeys.AddBos} asks for BOS to be added");

        ITokenCodec codec = spm
            ? new SentencePieceBpeCodec(vocab, unk, Flag(meta, GgufTokenizerKeys.AddSpacePrefix) ?? true)
            : ByteLevelCodec(meta, vocab, pre);
        var tokenizer = new CodecTokenizer(codec)
        {
            BosId = bos,
            AddBos = addBos,
            EosIds = eos is int e ? [e] : [],
            BosToken = bos is int b ? vocab.Tokens[b] : null,
            EosToken = eos is int t ? vocab.Tokens[t] : null,
            ChatTemplate = meta.Contains(GgufTokenizerKeys.ChatTemplate)
                ? meta.GetString(GgufTokenizerKeys.ChatTemplate) : null,
        };
        logger?.LogInformation(
            "Tokenizer {File}: {Model} ({Pre}), {VocabSize} tokens, BOS {BosId} (added: {AddBos}), EOS {EosId}",
            meta.Path, model, pre, vocab.Count, bos, addBos, eos);
        return tokenizer;
    }

    static int? Fallback(GgufVocab vocab, int id) => id < vocab.Count ? id : null;

    static bool? Flag(GgufMetadata meta, string key) => meta.Contains(key) ? meta.GetBool(key) : null;

    static HfBpeCodec ByteLevelCodec(GgufMetadata meta, GgufVocab vocab, string pre)
    {
        var (preTokenizer, ignoreMerges) = GgufPreTokenizers.Build(pre, meta.Path);
        var byText = new Dictionary<string, int>(StringComparer.Ordinal);
        var added = new List<AddedToken>();
        for (int id = 0; id < vocab.Count; id++)
        {
            byText.TryAdd(vocab.Tokens[id], id);
            if (vocab.Types[id] is GgufTokenType.Control or GgufTokenType.UserDefined)
                added.Add(new AddedToken(id, vocab.Tokens[id], vocab.Types[id] == GgufTokenType.Control, false, false));
        }
        var model = new BpeModel(byText, Merges(meta, byText), unkId: null, fuseUnk: false,
            byteFallback: false, ignoreMerges: ignoreMerges);
        return new HfBpeCodec(model, added, normalizer: null, preTokenizer, new ByteLevelDecoder());
    }

    // "left right" strings, highest priority first, each naming tokens of the vocabulary.
    static Dictionary<(int, int), (int, int)> Merges(GgufMetadata meta, Dictionary<string, int> byText)
    {
        string[] merges = meta.GetArray<string>(GgufTokenizerKeys.Merges);
        var table = new Dictionary<(int, int), (int, int)>(merges.Length);
        for (int rank = 0; rank < merges.Length; rank++)
        {
            string[] parts = merges[rank].Split(' ');
            if (parts.Length != 2
                || !byText.TryGetValue(parts[0], out int left)
                || !byText.TryGetValue(parts[1], out int right)
                || !byText.TryGetValue(parts[0] + parts[1], out int merged))
                throw new ModelFormatException(meta.Path, $"{GgufTokenizerKeys.Merges}[{rank}]",
                    $"found \"{merges[rank]}\", expected \"left right\" where left, right and both joined are tokens");
            table.TryAdd((left, right), (rank, merged));
        }
        return table;
    }
}
