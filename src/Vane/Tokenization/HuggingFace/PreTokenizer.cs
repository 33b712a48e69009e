using System.Text.RegularExpressions;

namespace Vane.Tokenization.HuggingFace;

/// <summary>
/// One tokenizer.json "pre_tokenizer": splits text into the words that BPE encodes one by one,
/// possibly rewriting them (byte-level characters, "▁" for spaces).
/// </summary>
internal abstract class PreTokenizer
{
    /// <summary>
    /// Splits each of <paramref name="pieces"/> further. <paramref name="firstSegment"/> is true
    /// for the text before any added token (where "first" prepend schemes apply).
    /// </summary>
    public abstract List<string> Apply(List<string> pieces, bool firstSegment);

    /// <summary>Splits <paramref name="text"/> around the matches of <paramref name="regex"/>.</summary>
    protected static void SplitIsolated(string text, Regex regex, bool keepMatches, List<string> output)
    {
        int at = 0;
        foreach (Match m in regex.Matches(text))
        {
            if (m.Length == 0)
                continue;
            if (m.Index > at)
                output.Add(text[at..m.Index]);
            if (keepMatches)
                output.Add(m.Value);
            at = m.Index + m.Length;
        }
        if (at < text.Length)
            output.Add(text[at..]);
    }
}

/// <summary>Applies several pre-tokenizers in order.</summary>
internal sealed class SequencePreTokenizer(IReadOnlyList<PreTokenizer> steps) : PreTokenizer
{
    /// <inheritdoc/>
    public override List<string> Apply(List<string> pieces, bool firstSegment)
    {
        foreach (var step in steps)
            pieces = step.Apply(pieces, firstSegment);
        return pieces;
    }
}

/// <summary>"Split" with a regex: matches become words of their own (Isolated) or are dropped (Removed).</summary>
internal sealed class RegexSplitPreTokenizer(Regex pattern, bool keepMatches) : PreTokenizer
{
    /// <inheritdoc/>
    public override List<string> Apply(List<string> pieces, bool firstSegment)
    {
        var output = new List<string>(pieces.Count * 4);
        foreach (string piece in pieces)
            SplitIsolated(piece, pattern, keepMatches, output);
        return output;
    }
}

/// <summary>"Digits": numbers become words of their own, one digit each when individual.</summary>
internal sealed class DigitsPreTokenizer(bool individual) : PreTokenizer
{
    static readonly Regex One = new(@"\p{N}", RegexOptions.CultureInvariant);
    static readonly Regex Run = new(@"\p{N}+", RegexOptions.CultureInvariant);

    /// <inheritdoc/>
    public override List<string> Apply(List<string> pieces, bool firstSegment)
    {
        var output = new List<string>(pieces.Count * 2);
        foreach (string piece in pieces)
            SplitIsolated(piece, individual ? One : Run, keepMatches: true, output);
        return output;
    }
}

/// <summary>
/// "ByteLevel" (GPT-2, Llama 3, Qwen2): optionally a leading space and the GPT-2 word regex,
/// then every word is rewritten as its UTF-8 bytes in the byte-level alphabet.
/// </summary>
internal sealed class ByteLevelPreTokenizer(bool addPrefixSpace, bool useRegex) : PreTokenizer
{
    // GPT-2's word pattern: contractions, letters, numbers, other symbols, whitespace runs.
    static readonly Regex Gpt2Words = new(
        @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+",
        RegexOptions.CultureInvariant);

    /// <inheritdoc/>
    public override List<string> Apply(List<string> pieces, bool firstSegment)
    {
        var words = new List<string>(pieces.Count * 2);
        foreach (string piece in pieces)
        {
            string text = addPrefixSpace && !piece.StartsWith(' ') ? " " + piece : piece;
            if (useRegex)
                SplitIsolated(text, Gpt2Words, keepMatches: true, words);
            else
                words.Add(text);
        }
        for (int i = 0; i < words.Count; i++)
            words[i] = ByteLevelAlphabet.Encode(words[i]);
        return words;
    }
}

/// <summary>
/// "Metaspace" (SentencePiece style): spaces become "▁", a "▁" is put in front (always, or only
/// at the very start), and with split each "▁" starts a new word.
/// </summary>
internal sealed class MetaspacePreTokenizer(char replacement, MetaspacePrepend prepend, bool split) : PreTokenizer
{
    /// <inheritdoc/>
    public override List<string> Apply(List<string> pieces, bool firstSegment)
    {
        var output = new List<string>(pieces.Count * 2);
        for (int p = 0; p < pieces.Count; p++)
        {
            string text = pieces[p].Replace(' ', replacement);
            bool prependHere = prepend == MetaspacePrepend.Always
                || (prepend == MetaspacePrepend.First && firstSegment && p == 0);
            if (prependHere && !text.StartsWith(replacement))
                text = replacement + text;
            if (split)
                SplitBeforeEach(text, output);
            else
                output.Add(text);
        }
        return output;
    }

    void SplitBeforeEach(string text, List<string> output)
    {
        int start = 0;
        for (int i = 1; i < text.Length; i++)
        {
            if (text[i] != replacement)
                continue;
            output.Add(text[start..i]);
            start = i;
        }
        if (start < text.Length)
            output.Add(text[start..]);
    }
}

/// <summary>When Metaspace puts "▁" in front of text.</summary>
internal enum MetaspacePrepend
{
    /// <summary>In front of every piece.</summary>
    Always,

    /// <summary>Only in front of the start of the input.</summary>
    First,

    /// <summary>Never.</summary>
    Never,
}
