namespace Vane.Tokenization;

/// <summary>
/// Turns text into token ids and back, with the special tokens a model expects.
/// <see cref="TokenizerLoader.Load"/> builds the right one for a model folder.
/// </summary>
public abstract class TextTokenizer
{
    /// <summary>Number of ids the tokenizer can produce (including special tokens).</summary>
    public abstract int VocabSize { get; }

    /// <summary>Beginning-of-sequence id, or null when the model has none.</summary>
    public int? BosId { get; init; }

    /// <summary>End-of-sequence ids (generation stops at any of them).</summary>
    public IReadOnlyList<int> EosIds { get; init; } = [];

    /// <summary>
    /// Whether <see cref="Encode"/> prepends BOS by default (tokenizer_config add_bos_token).
    /// </summary>
    public bool AddBos { get; init; }

    /// <summary>BOS as text (e.g. "&lt;s&gt;"), as chat templates write it; null when unknown.</summary>
    public string? BosToken { get; init; }

    /// <summary>EOS as text (e.g. "&lt;/s&gt;"), as chat templates write it; null when unknown.</summary>
    public string? EosToken { get; init; }

    /// <summary>The chat template source from tokenizer_config.json, or null.</summary>
    public string? ChatTemplate { get; init; }

    /// <summary>
    /// Encodes <paramref name="text"/>; prepends BOS when <paramref name="addSpecial"/> and
    /// <see cref="AddBos"/>. Special tokens written in the text (e.g. "&lt;|im_start|&gt;")
    /// become their single id either way.
    /// </summary>
    public abstract int[] Encode(string text, bool addSpecial = true);

    /// <summary>Decodes ids to text; special tokens such as BOS/EOS are left out.</summary>
    public abstract string Decode(ReadOnlySpan<int> ids);

    /// <summary>The id of a whole token written as text (e.g. "&lt;|eot_id|&gt;"), or null if none.</summary>
    public abstract int? TokenToId(string token);
}
