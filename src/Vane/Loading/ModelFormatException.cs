namespace Vane.Loading;

/// <summary>
/// A model file or folder that Vane cannot use: missing, truncated, inconsistent
/// with its config, or of an unsupported kind. The message names the file and,
/// where it applies, the tensor or field, with what was found and what was expected.
/// </summary>
public sealed class ModelFormatException : Exception
{
    /// <summary>The file at fault (a path as the user gave it, or resolved).</summary>
    public string FilePath { get; }

    /// <summary>The tensor or metadata field at fault, or null when the whole file is.</summary>
    public string? Item { get; }

    /// <summary>Creates the exception; <paramref name="problem"/> says what was found and expected.</summary>
    public ModelFormatException(string filePath, string? item, string problem, Exception? inner = null)
        : base(Format(filePath, item, problem), inner)
    {
        FilePath = filePath;
        Item = item;
    }

    static string Format(string filePath, string? item, string problem) =>
        item is null ? $"{filePath}: {problem}" : $"{filePath}: '{item}': {problem}";
}
