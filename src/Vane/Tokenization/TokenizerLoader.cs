using Microsoft.Extensions.Logging;
using Vane.Loading;
using Vane.Tokenization.HuggingFace;

namespace Vane.Tokenization;

/// <summary>
/// Builds the <see cref="TextTokenizer"/> of a Hugging Face model folder: tokenizer.json when
/// present, else a SentencePiece tokenizer.model; special tokens and the chat template come
/// from tokenizer_config.json, with generation_config.json and config.json for ids.
/// </summary>
public static class TokenizerLoader
{
    /// <summary>File name of a Hugging Face tokenizers file (preferred when both exist).</summary>
    public const string TokenizerJsonFile = "tokenizer.json";

    /// <summary>File name of a SentencePiece model.</summary>
    public const string SentencePieceFile = "tokenizer.model";

    /// <summary>Loads the tokenizer of <paramref name="modelFolder"/>.</summary>
    /// <param name="modelFolder">A folder holding tokenizer.json or tokenizer.model.</param>
    /// <param name="logger">Receives one line describing what was loaded; optional.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="ModelFormatException">No tokenizer file, or a malformed one.</exception>
    /// <exception cref="NotSupportedException">A tokenizer.json step Vane does not implement.</exception>
    public static TextTokenizer Load(string modelFolder, ILogger? logger = null)
    {
        if (!Directory.Exists(modelFolder))
            throw new DirectoryNotFoundException($"Model folder '{modelFolder}' does not exist.");
        var settings = TokenizerSettings.Read(modelFolder);
        string jsonPath = Path.Combine(modelFolder, TokenizerJsonFile);
        string spPath = Path.Combine(modelFolder, SentencePieceFile);

        ITokenCodec codec;
        string? postProcessorBos = null;
        string file;
        if (File.Exists(jsonPath))
        {
            var json = TokenizerJsonReader.Read(jsonPath);
            (codec, postProcessorBos, file) = (json.Codec, json.PostProcessorBos, jsonPath);
        }
        else if (File.Exists(spPath))
        {
            (codec, file) = (SentencePieceCodec.Load(spPath, SpecialTexts(settings)), spPath);
        }
        else
        {
            throw new ModelFormatException(modelFolder, null,
                $"no tokenizer found: looked for {TokenizerJsonFile} (Hugging Face tokenizers) " +
                $"and {SentencePieceFile} (SentencePiece); neither exists.");
        }

        var tokenizer = Assemble(codec, settings, modelFolder, file, file == spPath, postProcessorBos);
        logger?.LogInformation(
            "Tokenizer {File}: {VocabSize} tokens, BOS {BosId} (added: {AddBos}), EOS [{EosIds}], " +
            "chat template: {Chat}",
            file, tokenizer.VocabSize, tokenizer.BosId, tokenizer.AddBos, string.Join(", ", tokenizer.EosIds),
            tokenizer.ChatTemplate is null ? "none" : "present");
        return tokenizer;
    }

    // Token texts a SentencePiece model must treat as single tokens when they appear in text.
    static Dictionary<string, int?> SpecialTexts(TokenizerSettings s)
    {
        var texts = new Dictionary<string, int?>(StringComparer.Ordinal)
        {
            ["<unk>"] = null,
            ["<s>"] = null,
            ["</s>"] = null,
        };
        foreach (string? t in (string?[])[s.BosToken, s.EosToken, s.UnkToken])
        {
            if (t is not null)
                texts[t] = null;
        }
        foreach (var (text, id) in s.AddedTokens)
            texts[text] = id;
        return texts;
    }

    static CodecTokenizer Assemble(
        ITokenCodec codec,
        TokenizerSettings s,
        string folder,
        string file,
        bool sentencePiece,
        string? postProcessorBos)
    {
        var ids = new TokenIdResolver(codec, folder, file);
        int? bosId = ids.Token(s.BosToken, "bos_token")
            ?? ids.Token(postProcessorBos, null)
            ?? ids.Checked(s.GenerationBosId, "generation_config.json", "bos_token_id")
            ?? ids.Checked(s.ConfigBosId, "config.json", "bos_token_id")
            ?? (sentencePiece ? codec.TokenToId("<s>") : null);
        bool addBos = s.AddBos ?? (sentencePiece || postProcessorBos is not null);
        if (addBos && bosId is null)
            throw new ModelFormatException(Path.Combine(folder, "tokenizer_config.json"), "add_bos_token",
                "BOS is to be added but no BOS token is defined (bos_token, bos_token_id)");
        return new CodecTokenizer(codec)
        {
            BosId = bosId,
            AddBos = addBos,
            EosIds = EosIds(codec, s, ids, sentencePiece),
            ChatTemplate = s.ChatTemplate,
            BosToken = s.BosToken ?? postProcessorBos ?? (sentencePiece ? TextOf(codec, "<s>") : null),
            EosToken = s.EosToken ?? (sentencePiece ? TextOf(codec, "</s>") : null),
        };
    }

    static string? TextOf(ITokenCodec codec, string token) => codec.TokenToId(token) is null ? null : token;

    // generation_config.json ids (else config.json ids), plus tokenizer_config eos_token.
    static List<int> EosIds(ITokenCodec codec, TokenizerSettings s, TokenIdResolver ids, bool sentencePiece)
    {
        var eos = s.GenerationEosIds.Count > 0
            ? s.GenerationEosIds.ConvertAll(id => ids.Checked(id, "generation_config.json", "eos_token_id")!.Value)
            : s.ConfigEosIds.ConvertAll(id => ids.Checked(id, "config.json", "eos_token_id")!.Value);
        int? fromToken = ids.Token(s.EosToken, "eos_token")
            ?? (eos.Count == 0 && sentencePiece ? codec.TokenToId("</s>") : null);
        if (fromToken is int t && !eos.Contains(t))
            eos.Add(t);
        return eos;
    }
}
