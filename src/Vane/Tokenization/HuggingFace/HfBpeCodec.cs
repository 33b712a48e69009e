namespace Vane.Tokenization.HuggingFace;

/// <summary>
/// A tokenizer.json BPE pipeline: added tokens are cut out of the raw text first, then each
/// remaining segment is normalised, pre-tokenized into words, and each word BPE-encoded.
/// Decoding drops special tokens and runs the decoder steps over the token strings.
/// </summary>
internal sealed class HfBpeCodec : ITokenCodec
{
    readonly BpeModel _model;
    readonly AddedTokenSplitter _splitter;
    readonly TextNormalizer? _normalizer;
    readonly PreTokenizer? _preTokenizer;
    readonly TokenDecoder? _decoder;
    readonly string?[] _idToToken;                 // [VocabSize]; null where no token has the id
    readonly HashSet<int> _specialIds;
    readonly Dictionary<string, int> _addedByText;

    /// <summary>Assembles the pipeline; <paramref name="added"/> may repeat vocabulary entries.</summary>
    public HfBpeCodec(
        BpeModel model,
        IReadOnlyList<AddedToken> added,
        TextNormalizer? normalizer,
        PreTokenizer? preTokenizer,
        TokenDecoder? decoder)
    {
        _model = model;
        _splitter = new AddedTokenSplitter(added);
        _normalizer = normalizer;
        _preTokenizer = preTokenizer;
        _decoder = decoder;
        _specialIds = [.. added.Where(t => t.Special).Select(t => t.Id)];
        _addedByText = added.GroupBy(t => t.Content).ToDictionary(g => g.Key, g => g.First().Id);

        int size = Math.Max(
            model.Vocab.Count == 0 ? 0 : model.Vocab.Values.Max() + 1,
            added.Count == 0 ? 0 : added.Max(t => t.Id) + 1);
        _idToToken = new string?[size];
        foreach (var (text, id) in model.Vocab)
            _idToToken[id] = text;
        foreach (var t in added)
            _idToToken[t.Id] = t.Content;
    }

    /// <inheritdoc/>
    public int VocabSize => _idToToken.Length;

    /// <inheritdoc/>
    public List<int> Encode(string text)
    {
        var ids = new List<int>(text.Length / 3 + 4);
        var segments = _splitter.Split(text);
        for (int s = 0; s < segments.Count; s++)
        {
            var (segment, token) = segments[s];
            if (token is not null)
            {
                ids.Add(token.Id);
                continue;
            }
            string normalized = _normalizer?.Apply(segment) ?? segment;
            List<string> words = _preTokenizer?.Apply([normalized], firstSegment: s == 0) ?? [normalized];
            foreach (string word in words)
                _model.EncodeWord(word, ids);
        }
        return ids;
    }

    /// <inheritdoc/>
    public string Decode(ReadOnlySpan<int> ids)
    {
        var tokens = new List<string>(ids.Length);
        foreach (int id in ids)
        {
            if (_specialIds.Contains(id))
                continue;
            tokens.Add(_idToToken[id] ?? throw new ArgumentOutOfRangeException(
                nameof(ids), id, "no token has this id in tokenizer.json"));
        }
        return string.Concat(_decoder?.Apply(tokens) ?? tokens);
    }

    /// <inheritdoc/>
    public int? TokenToId(string token) =>
        _addedByText.TryGetValue(token, out int id) ? id
        : _model.Vocab.TryGetValue(token, out id) ? id : null;
}
