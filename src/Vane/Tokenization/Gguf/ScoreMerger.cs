namespace Vane.Tokenization.Gguf;

/// <summary>
/// The merge loop of SentencePiece BPE over one escaped segment: symbols start as single
/// characters; the adjacent pair whose joined text is a piece with the highest score is
/// merged first, the leftmost among equal scores, until no adjacent pair joins to a piece.
/// </summary>
internal sealed class ScoreMerger
{
    readonly string _text;
    readonly Dictionary<string, int> _pieces;   // mergeable piece -> id
    readonly float[] _scores;                    // [VocabSize]
    readonly List<int> _start = [], _length = [], _prev = [], _next = [];

    /// <summary>Prepares to merge <paramref name="text"/> with <paramref name="pieces"/>.</summary>
    public ScoreMerger(string text, Dictionary<string, int> pieces, float[] scores)
    {
        _text = text;
        _pieces = pieces;
        _scores = scores;
        for (int i = 0; i < text.Length; i += char.IsSurrogatePair(text, i) ? 2 : 1)
        {
            _prev.Add(_start.Count - 1);
            _next.Add(_start.Count + 1);
            _start.Add(i);
            _length.Add(char.IsSurrogatePair(text, i) ? 2 : 1);
        }
        if (_next.Count > 0)
            _next[^1] = -1;
    }

    /// <summary>Merges, then returns the final symbols' texts in order.</summary>
    public List<string> Run()
    {
        // Queue entries remember the joined length: an entry whose two symbols have changed
        // since it was queued no longer adds up to it and is skipped.
        var queue = new PriorityQueue<(int Left, int Right, int Length), (float NegScore, int Left)>();
        for (int i = 0; i + 1 < _start.Count; i++)
            TryQueue(queue, i, i + 1);

        while (queue.TryDequeue(out var top, out _))
        {
            var (left, right, length) = top;
            if (_length[left] == 0 || _length[right] == 0 || _length[left] + _length[right] != length)
                continue;

            // Merge right into left, unlink right, then queue the new neighbour pairs.
            _length[left] = length;
            _length[right] = 0;
            _next[left] = _next[right];
            if (_next[right] >= 0)
                _prev[_next[right]] = left;
            if (_prev[left] >= 0)
                TryQueue(queue, _prev[left], left);
            if (_next[left] >= 0)
                TryQueue(queue, left, _next[left]);
        }

        var symbols = new List<string>();
        for (int i = _start.Count == 0 ? -1 : 0; i >= 0; i = _next[i])
            symbols.Add(_text.Substring(_start[i], _length[i]));
        return symbols;
    }

    void TryQueue(PriorityQueue<(int, int, int), (float, int)> queue, int left, int right)
    {
        int length = _length[left] + _length[right];
        if (_pieces.TryGetValue(_text.Substring(_start[left], length), out int id))
            queue.Enqueue((left, right, length), (-_scores[id], left));
    }
}
