using System.Text;

namespace Vane.Tokenization.HuggingFace;

/// <summary>
/// One tokenizer.json "decoder": rewrites the list of token strings on the way back to text.
/// The steps run in order and the final strings are concatenated.
/// </summary>
internal abstract class TokenDecoder
{
    /// <summary>The rewritten token strings.</summary>
    public abstract List<string> Apply(List<string> tokens);
}

/// <summary>Applies several decoders in order.</summary>
internal sealed class SequenceDecoder(IReadOnlyList<TokenDecoder> steps) : TokenDecoder
{
    /// <inheritdoc/>
    public override List<string> Apply(List<string> tokens)
    {
        foreach (var step in steps)
            tokens = step.Apply(tokens);
        return tokens;
    }
}

/// <summary>"ByteLevel": maps the byte-level alphabet back to bytes and reads them as UTF-8.</summary>
internal sealed class ByteLevelDecoder : TokenDecoder
{
    /// <inheritdoc/>
    public override List<string> Apply(List<string> tokens)
    {
        var bytes = new List<byte>();
        foreach (string token in tokens)
            ByteLevelAlphabet.Decode(token, bytes);
        return [Encoding.UTF8.GetString([.. bytes])];
    }
}

/// <summary>"ByteFallback": runs of &lt;0xNN&gt; tokens become the UTF-8 text of those bytes.</summary>
internal sealed class ByteFallbackDecoder : TokenDecoder
{
    /// <inheritdoc/>
    public override List<string> Apply(List<string> tokens)
    {
        var output = new List<string>(tokens.Count);
        var pending = new List<byte>();
        foreach (string token in tokens)
        {
            if (TryParseByte(token, out byte b))
            {
                pending.Add(b);
                continue;
            }
            Flush(pending, output);
            output.Add(token);
        }
        Flush(pending, output);
        return output;
    }

    /// <summary>Whether <paramref name="token"/> is written &lt;0xNN&gt;, and its byte.</summary>
    public static bool TryParseByte(string token, out byte value)
    {
        value = 0;
        return token.Length == 6 && token.StartsWith("<0x", StringComparison.Ordinal) && token[5] == '>'
            && byte.TryParse(token.AsSpan(3, 2), System.Globalization.NumberStyles.HexNumber, null, out value);
    }

    static void Flush(List<byte> pending, List<string> output)
    {
        if (pending.Count == 0)
            return;
        output.Add(Encoding.UTF8.GetString([.. pending]));
        pending.Clear();
    }
}

/// <summary>"Fuse": joins all tokens into one string.</summary>
internal sealed class FuseDecoder : TokenDecoder
{
    /// <inheritdoc/>
    public override List<string> Apply(List<string> tokens) => [string.Concat(tokens)];
}

/// <summary>"Replace": replaces a literal string in each token (Llama 2: "▁" by " ").</summary>
internal sealed class ReplaceDecoder(string pattern, string content) : TokenDecoder
{
    /// <inheritdoc/>
    public override List<string> Apply(List<string> tokens) =>
        tokens.ConvertAll(t => t.Replace(pattern, content, StringComparison.Ordinal));
}

/// <summary>"Strip": removes up to start/stop copies of a character from each token's ends.</summary>
internal sealed class StripDecoder(char content, int start, int stop) : TokenDecoder
{
    /// <inheritdoc/>
    public override List<string> Apply(List<string> tokens) => tokens.ConvertAll(Strip);

    string Strip(string token)
    {
        int from = 0, to = token.Length;
        while (from < to && from < start && token[from] == content)
            from++;
        while (to > from && token.Length - to < stop && token[to - 1] == content)
            to--;
        return token[from..to];
    }
}

/// <summary>"Metaspace": "▁" back to spaces, dropping the space the encoder put in front.</summary>
internal sealed class MetaspaceDecoder(char replacement, bool dropLeadingSpace) : TokenDecoder
{
    /// <inheritdoc/>
    public override List<string> Apply(List<string> tokens)
    {
        var output = new List<string>(tokens.Count);
        for (int i = 0; i < tokens.Count; i++)
        {
            string text = tokens[i].Replace(replacement, ' ');
            if (i == 0 && dropLeadingSpace && text.StartsWith(' '))
                text = text[1..];
            output.Add(text);
        }
        return output;
    }
}
