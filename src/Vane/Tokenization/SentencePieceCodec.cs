using System.Text;
using Vane.Loading;
using Vane.Tokenization.HuggingFace;
using MlSentencePiece = Microsoft.ML.Tokenizers.SentencePieceTokenizer;

namespace Vane.Tokenization;

/// <summary>
/// A SentencePiece <c>tokenizer.model</c> (protobuf), encoded by Microsoft.ML.Tokenizers, which
/// reads the model's own normaliser flags (dummy prefix, whitespace collapsing, byte fallback)
/// and reproduces SentencePiece's ids. Decoding is done here: ML.Tokenizers 3.0 drops a "▁"
/// that follows byte-fallback pieces at the start (it decodes "本 🐋" from its ids as "本🐋").
/// </summary>
internal sealed class SentencePieceCodec : ITokenCodec
{
    readonly MlSentencePiece _model;
    readonly Dictionary<string, int> _special;
    readonly HashSet<int> _specialIds;
    readonly string?[] _pieces;                 // [VocabSize] piece text by id

    SentencePieceCodec(MlSentencePiece model, Dictionary<string, int> special)
    {
        _model = model;
        _special = special;
        _specialIds = [.. special.Values, model.BeginningOfSentenceId, model.EndOfSentenceId, model.UnknownId];
        VocabSize = Math.Max(model.Vocabulary.Count, special.Count == 0 ? 0 : special.Values.Max() + 1);
        _pieces = new string?[VocabSize];
        foreach (var (piece, id) in model.Vocabulary)
            _pieces[id] = piece;
        foreach (var (text, id) in special)
            _pieces[id] ??= text;
    }

    /// <inheritdoc/>
    public int VocabSize { get; }

    /// <summary>
    /// Loads <paramref name="path"/>. <paramref name="specialTexts"/> are token texts that must
    /// encode to their single id when they appear in text (BOS, EOS, chat markers).
    /// </summary>
    public static SentencePieceCodec Load(string path, IReadOnlyDictionary<string, int?> specialTexts)
    {
        using var stream = File.OpenRead(path);
        var probe = Create(stream, path, null);
        var special = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (text, id) in specialTexts)
        {
            if ((id ?? Lookup(probe, text)) is int found)
                special[text] = found;
        }
        stream.Position = 0;
        return new SentencePieceCodec(Create(stream, path, special), special);
    }

    static MlSentencePiece Create(Stream stream, string path, Dictionary<string, int>? special)
    {
        try
        {
            return MlSentencePiece.Create(stream, false, false, special); // BOS is added by CodecTokenizer
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or ArgumentException
                                   or NotSupportedException or IndexOutOfRangeException)
        {
            throw new ModelFormatException(path, null, $"not a readable SentencePiece model: {e.Message}", e);
        }
    }

    static int? Lookup(MlSentencePiece model, string token) =>
        model.Vocabulary.TryGetValue(token, out int id) ? id : null;

    /// <inheritdoc/>
    public List<int> Encode(string text) => [.. _model.EncodeToIds(text)];

    /// <inheritdoc/>
    public string Decode(ReadOnlySpan<int> ids)
    {
        // Pieces to UTF-8 bytes: <0xNN> pieces are raw bytes, "▁" is a space; control tokens
        // are left out. Like SentencePiece, drop the dummy-prefix space of the first piece only.
        var bytes = new List<byte>(ids.Length * 4);
        bool first = true;
        foreach (int id in ids)
        {
            if (_specialIds.Contains(id) || _pieces[id] is not string piece)
                continue;
            if (_model.ByteFallback && ByteFallbackDecoder.TryParseByte(piece, out byte b))
            {
                bytes.Add(b);
            }
            else
            {
                if (first && _model.AddDummyPrefix && piece.StartsWith('\u2581'))
                    piece = piece[1..];
                bytes.AddRange(Encoding.UTF8.GetBytes(piece.Replace('\u2581', ' ')));
            }
            first = false;
        }
        return Encoding.UTF8.GetString([.. bytes]);
    }

    /// <inheritdoc/>
    public int? TokenToId(string token) =>
        _special.TryGetValue(token, out int id) ? id : Lookup(_model, token);
}
