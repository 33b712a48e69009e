namespace Vane.Tokenization.HuggingFace;

/// <summary>One entry of tokenizer.json "added_tokens".</summary>
/// <param name="Id">Its id.</param>
/// <param name="Content">Its text.</param>
/// <param name="Special">Whether decoding leaves it out (BOS, EOS, chat markers).</param>
/// <param name="LStrip">Whether it swallows whitespace on its left.</param>
/// <param name="RStrip">Whether it swallows whitespace on its right.</param>
internal sealed record AddedToken(int Id, string Content, bool Special, bool LStrip, bool RStrip);

/// <summary>
/// Finds added tokens in raw text, leftmost first and longest among those starting at the
/// same place, so that "&lt;|im_start|&gt;" becomes one id before any normalisation.
/// </summary>
internal sealed class AddedTokenSplitter
{
    readonly Dictionary<char, AddedToken[]> _byFirstChar; // longest first

    /// <summary>Indexes <paramref name="tokens"/> by first character.</summary>
    public AddedTokenSplitter(IEnumerable<AddedToken> tokens)
    {
        _byFirstChar = tokens
            .Where(t => t.Content.Length > 0)
            .GroupBy(t => t.Content[0])
            .ToDictionary(g => g.Key, g => g.OrderByDescending(t => t.Content.Length).ToArray());
    }

    /// <summary>
    /// Splits <paramref name="text"/> into plain segments (Token null) and added tokens, in order.
    /// </summary>
    public List<(string Text, AddedToken? Token)> Split(string text)
    {
        var parts = new List<(string, AddedToken?)>();
        int plainStart = 0, i = 0;
        while (i < text.Length)
        {
            if (Match(text, i) is not AddedToken token)
            {
                i++;
                continue;
            }
            int end = i + token.Content.Length;
            int start = i;
            if (token.LStrip)
                while (start > plainStart && char.IsWhiteSpace(text[start - 1])) start--;
            if (token.RStrip)
                while (end < text.Length && char.IsWhiteSpace(text[end])) end++;
            if (start > plainStart)
                parts.Add((text[plainStart..start], null));
            parts.Add((token.Content, token));
            plainStart = i = end;
        }
        if (plainStart < text.Length)
            parts.Add((text[plainStart..], null));
        return parts;
    }

    AddedToken? Match(string text, int at)
    {
        if (!_byFirstChar.TryGetValue(text[at], out var candidates))
            return null;
        foreach (var t in candidates)
        {
            if (string.CompareOrdinal(text, at, t.Content, 0, t.Content.Length) == 0)
                return t;
        }
        return null;
    }
}
