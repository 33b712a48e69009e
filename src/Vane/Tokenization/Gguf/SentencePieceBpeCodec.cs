using System.Text;
using Vane.Tokenization.HuggingFace;

namespace Vane.Tokenization.Gguf;

/// <summary>
/// SentencePiece BPE from a GGUF piece list, as SentencePiece and llama.cpp encode: control,
/// user-defined and unknown pieces written in the text are cut out first; in each remaining
/// segment spaces become "▁", and the first segment gets one more in front when adding a space
/// prefix (as the tokenizer.model pipeline does; llama.cpp also prefixes text after each
/// cut-out token); then starting from single characters, the
/// adjacent pair whose joined piece has the highest score is merged (leftmost among equal
/// scores) until no joined pair is a piece. Characters left outside the vocabulary become
/// their UTF-8 bytes as "&lt;0xNN&gt;" pieces, or the unknown id without those.
/// </summary>
internal sealed class SentencePieceBpeCodec : ITokenCodec
{
    readonly GgufVocab _vocab;
    readonly Dictionary<string, int> _mergeable;  // normal and user-defined pieces -> id
    readonly int[] _byteIds;                      // [256] id of "<0xNN>", or -1
    readonly AddedTokenSplitter _splitter;
    readonly int? _unkId;
    readonly bool _addSpacePrefix;

    /// <summary>Builds the codec over <paramref name="vocab"/>.</summary>
    public SentencePieceBpeCodec(GgufVocab vocab, int? unkId, bool addSpacePrefix)
    {
        _vocab = vocab;
        _unkId = unkId;
        _addSpacePrefix = addSpacePrefix;
        _mergeable = new Dictionary<string, int>(StringComparer.Ordinal);
        _byteIds = new int[256];
        Array.Fill(_byteIds, -1);
        var whole = new List<AddedToken>();
        for (int id = 0; id < vocab.Count; id++)
        {
            string text = vocab.Tokens[id];
            switch (vocab.Types[id])
            {
                case GgufTokenType.Normal:
                    _mergeable.TryAdd(text, id);
                    break;
                case GgufTokenType.UserDefined:
                    _mergeable.TryAdd(text, id);
                    whole.Add(new AddedToken(id, text, Special: false, LStrip: false, RStrip: false));
                    break;
                case GgufTokenType.Control or GgufTokenType.Unknown:
                    whole.Add(new AddedToken(id, text, Special: true, LStrip: false, RStrip: false));
                    break;
                case GgufTokenType.Byte when ByteFallbackDecoder.TryParseByte(text, out byte b):
                    _byteIds[b] = id;
                    break;
            }
        }
        _splitter = new AddedTokenSplitter(whole);
    }

    /// <inheritdoc/>
    public int VocabSize => _vocab.Count;

    /// <inheritdoc/>
    public List<int> Encode(string text)
    {
        var ids = new List<int>(text.Length / 3 + 4);
        bool firstText = true;
        foreach (var (segment, token) in _splitter.Split(text))
        {
            if (token is not null)
            {
                ids.Add(token.Id);
                continue;
            }
            string escaped = segment.Replace(' ', '\u2581');
            if (_addSpacePrefix && firstText)
                escaped = "\u2581" + escaped;
            EncodeSegment(escaped, ids);
            firstText = false;
        }
        return ids;
    }

    void EncodeSegment(string text, List<int> ids)
    {
        foreach (string piece in new ScoreMerger(text, _mergeable, _vocab.Scores).Run())
        {
            if (_mergeable.TryGetValue(piece, out int id))
                ids.Add(id);
            else
                AddBytes(piece, ids);
        }
    }

    // Byte fallback: one "<0xNN>" piece per UTF-8 byte, else one unknown id for the character.
    void AddBytes(string piece, List<int> ids)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(piece);
        if (utf8.All(b => _byteIds[b] >= 0))
        {
            foreach (byte b in utf8)
                ids.Add(_byteIds[b]);
        }
        else if (_unkId is int unk)
        {
            ids.Add(unk);
        }
    }

    /// <inheritdoc/>
    public string Decode(ReadOnlySpan<int> ids)
    {
        // Pieces to UTF-8 bytes: byte pieces are raw bytes, "▁" is a space; control, unknown and
        // unused tokens are left out. The first piece loses the space the prefix put there.
        var bytes = new List<byte>(ids.Length * 4);
        bool first = true;
        foreach (int id in ids)
        {
            string piece = _vocab.Tokens[id];
            switch (_vocab.Types[id])
            {
                case GgufTokenType.Byte when ByteFallbackDecoder.TryParseByte(piece, out byte b):
                    bytes.Add(b);
                    break;
                case GgufTokenType.Normal or GgufTokenType.UserDefined:
                    if (first && _addSpacePrefix && piece.StartsWith('\u2581'))
                        piece = piece[1..];
                    bytes.AddRange(Encoding.UTF8.GetBytes(piece.Replace('\u2581', ' ')));
                    break;
                default:
                    continue;
            }
            first = false;
        }
        return Encoding.UTF8.GetString([.. bytes]);
    }

    /// <inheritdoc/>
    public int? TokenToId(string token) => _vocab.IdOf(token);
}
