namespace Vane.Tokenization;

/// <summary>
/// Turns ids generated one at a time into text pieces that are safe to print: a piece is
/// released only once it decodes to whole characters, so a character split over several
/// byte tokens (byte fallback, byte-level BPE) is never shown half-made, and word-initial
/// spaces come out right because each piece is decoded together with the ones before it.
/// </summary>
public sealed class TokenTextStream
{
    const int ContextIds = 8;       // ids of earlier text kept to decode the next piece in context

    readonly TextTokenizer _tokenizer;
    readonly List<int> _ids = [];   // context ids, then pending ids
    int _prefix;                    // start of the ids decoded only for context
    int _read;                      // start of the ids not yet released as text

    /// <summary>Starts a stream.</summary>
    /// <param name="tokenizer">Decodes the ids.</param>
    /// <param name="context">
    /// Ids already shown (e.g. the prompt); the last few give the first new piece its leading
    /// space. Empty or null when the stream starts the text.
    /// </param>
    public TokenTextStream(TextTokenizer tokenizer, IEnumerable<int>? context = null)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        _tokenizer = tokenizer;
        if (context is not null)
            _ids.AddRange(context.TakeLast(ContextIds));
        _read = _ids.Count;
    }

    /// <summary>
    /// Adds one id; returns the text it completes, or "" while a character is still incomplete
    /// (or the id is a special token, which has no text).
    /// </summary>
    public string Append(int id)
    {
        _ids.Add(id);
        var (shown, full) = DecodePending();
        if (full.Length <= shown.Length || full.EndsWith('\uFFFD'))
            return "";
        return Release(full, shown);
    }

    /// <summary>
    /// Returns whatever is still held back (incomplete bytes show as U+FFFD) and empties the
    /// stream, which then starts afresh without context.
    /// </summary>
    public string Flush()
    {
        var (shown, full) = DecodePending();
        string rest = full.Length > shown.Length ? Release(full, shown) : "";
        _ids.Clear();
        _prefix = _read = 0;
        return rest;
    }

    // Text of the context ids alone, and of context plus pending ids.
    (string Shown, string Full) DecodePending()
    {
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_ids);
        return (_tokenizer.Decode(span[_prefix.._read]), _tokenizer.Decode(span[_prefix..]));
    }

    // Releases the pending text; its ids become the context for the next piece.
    string Release(string full, string shown)
    {
        _prefix = _read;
        _read = _ids.Count;
        _ids.RemoveRange(0, _prefix);
        _read -= _prefix;
        _prefix = 0;
        return full[shown.Length..];
    }
}
