namespace Vane.Steering;

/// <summary>
/// Which token positions of an example give its activation (docs/methods.md section 2):
/// the last token (default), the mean over all tokens, the mean over a marked suffix, or one
/// explicit index.
/// </summary>
public abstract record ReadPosition
{
    /// <summary>The last token of each example.</summary>
    public static ReadPosition Last { get; } = new LastToken();

    /// <summary>The mean over every token of each example.</summary>
    public static ReadPosition Mean { get; } = new MeanOfTokens();

    /// <summary>
    /// The mean over the tokens after <paramref name="marker"/>; the marker is removed from
    /// the text before encoding. The suffix starts at the token count of the text before the
    /// marker (encoded alone), so a token merged across the boundary counts as suffix.
    /// </summary>
    public static ReadPosition Suffix(string marker) => new MarkedSuffix(marker);

    /// <summary>Token <paramref name="index"/>; negative counts from the end (-1 is the last; CAA reads -2).</summary>
    public static ReadPosition At(int index) => new Index(index);

    /// <summary>
    /// The text to encode and the window [Start, End) of token positions to average, for an
    /// example whose text is <paramref name="text"/>.
    /// </summary>
    internal abstract (string Text, int Start, int End) Window(string text, Func<string, int[]> encode);

    sealed record LastToken : ReadPosition
    {
        internal override (string, int, int) Window(string text, Func<string, int[]> encode)
        {
            int n = encode(text).Length;
            return (text, n - 1, n);
        }

        public override string ToString() => "last";
    }

    sealed record MeanOfTokens : ReadPosition
    {
        internal override (string, int, int) Window(string text, Func<string, int[]> encode) =>
            (text, 0, encode(text).Length);

        public override string ToString() => "mean";
    }

    sealed record MarkedSuffix(string Marker) : ReadPosition
    {
        internal override (string, int, int) Window(string text, Func<string, int[]> encode)
        {
            int at = text.IndexOf(Marker, StringComparison.Ordinal);
            if (at < 0)
                throw new ArgumentException($"text has no suffix marker \"{Marker}\": \"{text}\"");
            string whole = text.Remove(at, Marker.Length);
            int n = encode(whole).Length;
            int start = at == 0 ? 0 : encode(text[..at]).Length;
            if (start >= n)
                throw new ArgumentException($"the suffix after \"{Marker}\" has no tokens: \"{text}\"");
            return (whole, start, n);
        }

        public override string ToString() => $"suffix:{Marker}";
    }

    sealed record Index(int Value) : ReadPosition
    {
        internal override (string, int, int) Window(string text, Func<string, int[]> encode)
        {
            int n = encode(text).Length;
            int i = Value < 0 ? n + Value : Value;
            if (i < 0 || i >= n)
                throw new ArgumentException($"read index {Value} is outside an example of {n} tokens: \"{text}\"");
            return (text, i, i + 1);
        }

        public override string ToString() => $"index:{Value}";
    }
}
