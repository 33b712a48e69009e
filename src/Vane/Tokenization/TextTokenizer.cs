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

    /// <summary>Whether <see cref="Encode"/> prepends BOS by default (tokenizer_config add_bos_token).</summary>
    public bool AddBos { get; init; }

    /// <summary>The chat template source from tokenizer_config.json, or null.</summary>
    public string? ChatTemplate { get; init; }

    /// <summary>Encodes <paramref name="text"/>; prepends BOS when <paramref name="addSpecial"/> and <see cref="AddBos"/>.</summary>
    public abstract int[] Encode(string text, bool addSpecial = true);

    /// <summary>Decodes ids to text; special tokens such as BOS/EOS are left out.</summary>
    public abstract string Decode(ReadOnlySpan<int> ids);
}
