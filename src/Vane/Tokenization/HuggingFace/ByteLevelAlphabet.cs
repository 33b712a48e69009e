namespace Vane.Tokenization.HuggingFace;

/// <summary>
/// The GPT-2 byte-level alphabet: each of the 256 byte values is shown as one printable
/// character, so BPE can work on strings. Printable Latin-1 bytes stand for themselves;
/// the other 68 bytes (controls, space, DEL, NBSP, soft hyphen) take U+0100 upward in order.
/// </summary>
internal static class ByteLevelAlphabet
{
    static readonly char[] ByteToChar = BuildTable();
    static readonly Dictionary<char, byte> CharToByte = Invert(ByteToChar);

    /// <summary>The character that stands for <paramref name="b"/>.</summary>
    public static char Encode(byte b) => ByteToChar[b];

    /// <summary>The UTF-8 bytes of <paramref name="text"/>, each shown as its alphabet character.</summary>
    public static string Encode(string text)
    {
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(text);
        return string.Create(bytes.Length, bytes, static (dst, src) =>
        {
            for (int i = 0; i < src.Length; i++)
                dst[i] = ByteToChar[src[i]];
        });
    }

    /// <summary>
    /// Appends the bytes that <paramref name="token"/> stands for; a token with any character
    /// outside the alphabet (e.g. an added token) contributes its own UTF-8 bytes instead.
    /// </summary>
    public static void Decode(string token, List<byte> output)
    {
        int start = output.Count;
        foreach (char c in token)
        {
            if (!CharToByte.TryGetValue(c, out byte b))
            {
                output.RemoveRange(start, output.Count - start);
                output.AddRange(System.Text.Encoding.UTF8.GetBytes(token));
                return;
            }
            output.Add(b);
        }
    }

    static char[] BuildTable()
    {
        var table = new char[256];
        int next = 256;
        for (int b = 0; b < 256; b++)
        {
            bool printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            table[b] = printable ? (char)b : (char)next++;
        }
        return table;
    }

    static Dictionary<char, byte> Invert(char[] table)
    {
        var map = new Dictionary<char, byte>(256);
        for (int b = 0; b < 256; b++)
            map[table[b]] = (byte)b;
        return map;
    }
}
