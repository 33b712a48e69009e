using System.Text;
using System.Text.RegularExpressions;

namespace Vane.Tokenization.HuggingFace;

/// <summary>One tokenizer.json "normalizer": rewrites a text segment before it is split into words.</summary>
internal abstract class TextNormalizer
{
    /// <summary>The rewritten text.</summary>
    public abstract string Apply(string text);
}

/// <summary>Unicode normalisation (NFC, NFD, NFKC or NFKD).</summary>
internal sealed class UnicodeNormalizer(NormalizationForm form) : TextNormalizer
{
    /// <inheritdoc/>
    public override string Apply(string text) => text.Normalize(form);
}

/// <summary>Lower-cases the text (invariant culture).</summary>
internal sealed class LowercaseNormalizer : TextNormalizer
{
    /// <inheritdoc/>
    public override string Apply(string text) => text.ToLowerInvariant();
}

/// <summary>Puts a fixed string in front of non-empty text (Llama 2: "▁").</summary>
internal sealed class PrependNormalizer(string prefix) : TextNormalizer
{
    /// <inheritdoc/>
    public override string Apply(string text) => text.Length == 0 ? text : prefix + text;
}

/// <summary>Replaces every match of a literal string or a regex (Llama 2: " " by "▁").</summary>
internal sealed class ReplaceNormalizer(Regex pattern, string content) : TextNormalizer
{
    /// <inheritdoc/>
    public override string Apply(string text) => pattern.Replace(text, content.Replace("$", "$$"));
}

/// <summary>Applies several normalizers in order.</summary>
internal sealed class SequenceNormalizer(IReadOnlyList<TextNormalizer> steps) : TextNormalizer
{
    /// <inheritdoc/>
    public override string Apply(string text)
    {
        foreach (var step in steps)
            text = step.Apply(text);
        return text;
    }
}
