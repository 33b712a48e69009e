using System.Text;

namespace Vane.Tokenization.HuggingFace;

/// <summary>
/// Byte-pair encoding of one pre-tokenized word as Hugging Face tokenizers does it:
/// start from one symbol per character, then repeatedly merge the adjacent pair with the
/// lowest merge rank (leftmost first among equal ranks) until no listed merge applies.
/// </summary>
internal sealed class BpeModel
{
    readonly Dictionary<string, int> _vocab;                              // token text -> id
    readonly Dictionary<(int Left, int Right), (int Rank, int Id)> _merges; // pair -> rank, merged id

    /// <summary>Creates the model; <paramref name="merges"/> are in rank order.</summary>
    public BpeModel(
        Dictionary<string, int> vocab,
        Dictionary<(int Left, int Right), (int Rank, int Id)> merges,
        int? unkId,
        bool fuseUnk,
        bool byteFallback,
        bool ignoreMerges)
    {
        _vocab = vocab;
        _merges = merges;
        UnkId = unkId;
        FuseUnk = fuseUnk;
        ByteFallback = byteFallback;
        IgnoreMerges = ignoreMerges;
    }

    /// <summary>Id used for characters outside the vocabulary, or null to drop them.</summary>
    public int? UnkId { get; }

    /// <summary>Whether consecutive unknown characters become one unknown token.</summary>
    public bool FuseUnk { get; }

    /// <summary>Whether unknown characters become their UTF-8 bytes as &lt;0xNN&gt; tokens.</summary>
    public bool ByteFallback { get; }

    /// <summary>Whether a word found whole in the vocabulary skips merging (Llama 3).</summary>
    public bool IgnoreMerges { get; }

    /// <summary>The vocabulary, token text to id.</summary>
    public IReadOnlyDictionary<string, int> Vocab => _vocab;

    /// <summary>Appends the ids of <paramref name="word"/> to <paramref name="output"/>.</summary>
    public void EncodeWord(string word, List<int> output)
    {
        if (word.Length == 0)
            return;
        if (IgnoreMerges && _vocab.TryGetValue(word, out int whole))
        {
            output.Add(whole);
            return;
        }
        var symbols = InitialSymbols(word);
        MergeAll(symbols);
        output.AddRange(symbols);
    }

    // One symbol per character; unknown ones become bytes, <unk>, or nothing.
    List<int> InitialSymbols(string word)
    {
        var symbols = new List<int>(word.Length);
        bool lastWasUnk = false;
        foreach (var rune in word.EnumerateRunes())
        {
            string text = rune.ToString();
            if (_vocab.TryGetValue(text, out int id))
            {
                symbols.Add(id);
                lastWasUnk = false;
            }
            else if (ByteFallback && TryAddBytes(rune, symbols))
            {
                lastWasUnk = false;
            }
            else if (UnkId is int unk)
            {
                if (!(FuseUnk && lastWasUnk))
                    symbols.Add(unk);
                lastWasUnk = true;
            }
        }
        return symbols;
    }

    bool TryAddBytes(Rune rune, List<int> symbols)
    {
        Span<byte> utf8 = stackalloc byte[4];
        int n = rune.EncodeToUtf8(utf8);
        Span<int> ids = stackalloc int[4];
        for (int i = 0; i < n; i++)
        {
            if (!_vocab.TryGetValue($"<0x{utf8[i]:X2}>", out ids[i]))
                return false;
        }
        for (int i = 0; i < n; i++)
            symbols.Add(ids[i]);
        return true;
    }

    // Merges in place, lowest (rank, position) first, over a linked list of symbols.
    void MergeAll(List<int> ids)
    {
        int n = ids.Count;
        var next = new int[n];
        var prev = new int[n];
        var alive = new bool[n];
        for (int i = 0; i < n; i++)
        {
            next[i] = i + 1 < n ? i + 1 : -1;
            prev[i] = i - 1;
            alive[i] = true;
        }
        var queue = new PriorityQueue<(int Pos, int NewId), (int Rank, int Pos)>();
        for (int i = 0; i + 1 < n; i++)
            Push(queue, ids, i, i + 1);

        while (queue.TryDequeue(out var top, out _))
        {
            int left = top.Pos;
            int right = alive[left] ? next[left] : -1;
            if (right < 0 || !_merges.TryGetValue((ids[left], ids[right]), out var m) || m.Id != top.NewId)
                continue; // stale: one side was merged since this entry was queued

            // Merge right into left, then queue the two new neighbour pairs.
            ids[left] = m.Id;
            alive[right] = false;
            next[left] = next[right];
            if (next[right] >= 0)
                prev[next[right]] = left;
            if (prev[left] >= 0)
                Push(queue, ids, prev[left], left);
            if (next[left] >= 0)
                Push(queue, ids, left, next[left]);
        }

        int write = 0;
        for (int i = 0; i < n; i = next[i] < 0 ? n : next[i])
            ids[write++] = ids[i];
        ids.RemoveRange(write, n - write);
    }

    void Push(PriorityQueue<(int, int), (int, int)> queue, List<int> ids, int left, int right)
    {
        if (_merges.TryGetValue((ids[left], ids[right]), out var m))
            queue.Enqueue((left, m.Id), (m.Rank, left));
    }
}
