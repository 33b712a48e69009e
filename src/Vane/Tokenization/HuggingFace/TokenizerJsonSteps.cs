using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Vane.Loading;

namespace Vane.Tokenization.HuggingFace;

/// <summary>
/// Builds the normalizer, pre-tokenizer and decoder steps of a tokenizer.json from their JSON,
/// naming the file and field for malformed entries and refusing unknown step types.
/// </summary>
internal sealed class TokenizerJsonSteps(string path)
{
    /// <summary>The "normalizer" step, or null when absent.</summary>
    public TextNormalizer? Normalizer(JsonElement? json, string field)
    {
        if (json is not JsonElement e)
            return null;
        return Type(e, field) switch
        {
            "Sequence" => new SequenceNormalizer(List(e, "normalizers", field, Normalizer)),
            "NFC" => new UnicodeNormalizer(NormalizationForm.FormC),
            "NFD" => new UnicodeNormalizer(NormalizationForm.FormD),
            "NFKC" => new UnicodeNormalizer(NormalizationForm.FormKC),
            "NFKD" => new UnicodeNormalizer(NormalizationForm.FormKD),
            "Lowercase" => new LowercaseNormalizer(),
            "Prepend" => new PrependNormalizer(Required(e, "prepend", field)),
            "Replace" => new ReplaceNormalizer(Pattern(e, field), Required(e, "content", field)),
            string other => throw Unsupported(
                field, other, "Sequence, NFC, NFD, NFKC, NFKD, Lowercase, Prepend, Replace"),
        };
    }

    /// <summary>The "pre_tokenizer" step, or null when absent.</summary>
    public PreTokenizer? PreTokenizer(JsonElement? json, string field)
    {
        if (json is not JsonElement e)
            return null;
        return Type(e, field) switch
        {
            "Sequence" => new SequencePreTokenizer(List(e, "pretokenizers", field, PreTokenizer)),
            "ByteLevel" => new ByteLevelPreTokenizer(
                JsonFields.Bool(e, "add_prefix_space", path) ?? true,
                JsonFields.Bool(e, "use_regex", path) ?? true),
            "Split" => Split(e, field),
            "Digits" => new DigitsPreTokenizer(JsonFields.Bool(e, "individual_digits", path) ?? false),
            "Metaspace" => new MetaspacePreTokenizer(
                Replacement(e, field), Prepend(e, field), JsonFields.Bool(e, "split", path) ?? true),
            string other => throw Unsupported(field, other, "Sequence, ByteLevel, Split, Digits, Metaspace"),
        };
    }

    /// <summary>The "decoder" step, or null when absent.</summary>
    public TokenDecoder? Decoder(JsonElement? json, string field)
    {
        if (json is not JsonElement e)
            return null;
        return Type(e, field) switch
        {
            "Sequence" => new SequenceDecoder(List(e, "decoders", field, Decoder)),
            "ByteLevel" => new ByteLevelDecoder(),
            "ByteFallback" => new ByteFallbackDecoder(),
            "Fuse" => new FuseDecoder(),
            "Replace" => new ReplaceDecoder(LiteralPattern(e, field), Required(e, "content", field)),
            "Strip" => new StripDecoder(
                Char(e, "content", field),
                JsonFields.Int(e, "start", path) ?? 0,
                JsonFields.Int(e, "stop", path) ?? 0),
            "Metaspace" => new MetaspaceDecoder(Replacement(e, field), Prepend(e, field) != MetaspacePrepend.Never),
            string other => throw Unsupported(
                field, other, "Sequence, ByteLevel, ByteFallback, Fuse, Replace, Strip, Metaspace"),
        };
    }

    // "Split" with behavior Isolated (keep matches as words) or Removed (drop them).
    RegexSplitPreTokenizer Split(JsonElement e, string field)
    {
        if (JsonFields.Bool(e, "invert", path) == true)
            throw new NotSupportedException($"{path}: '{field}': Split with \"invert\": true is not supported.");
        string behavior = JsonFields.String(e, "behavior", path) ?? "Isolated";
        return behavior switch
        {
            "Isolated" => new RegexSplitPreTokenizer(Pattern(e, field), keepMatches: true),
            "Removed" => new RegexSplitPreTokenizer(Pattern(e, field), keepMatches: false),
            _ => throw new NotSupportedException(
                $"{path}: '{field}': Split behavior {behavior} is not supported (Isolated and Removed are)."),
        };
    }

    // {"pattern": {"String": " "}} or {"pattern": {"Regex": "..."}}
    Regex Pattern(JsonElement e, string field)
    {
        var p = JsonFields.Get(e, "pattern") ?? throw Missing(field, "pattern");
        if (JsonFields.String(p, "Regex", path) is string regex)
        {
            try
            {
                return new Regex(regex, RegexOptions.CultureInvariant);
            }
            catch (ArgumentException ex)
            {
                throw new ModelFormatException(path, $"{field}.pattern", $"regex does not compile: {ex.Message}", ex);
            }
        }
        return new Regex(Regex.Escape(LiteralPattern(e, field)), RegexOptions.CultureInvariant);
    }

    string LiteralPattern(JsonElement e, string field)
    {
        var p = JsonFields.Get(e, "pattern") ?? throw Missing(field, "pattern");
        return JsonFields.String(p, "String", path)
            ?? throw JsonFields.Bad(path, $"{field}.pattern", p, "{\"String\": ...} (or {\"Regex\": ...})");
    }

    char Replacement(JsonElement e, string field) =>
        JsonFields.Get(e, "replacement") is null ? '\u2581' : Char(e, "replacement", field);

    // prepend_scheme (newer files), or add_prefix_space (older ones); both default to always.
    MetaspacePrepend Prepend(JsonElement e, string field)
    {
        if (JsonFields.String(e, "prepend_scheme", path) is string scheme)
        {
            return scheme switch
            {
                "always" => MetaspacePrepend.Always,
                "first" => MetaspacePrepend.First,
                "never" => MetaspacePrepend.Never,
                _ => throw new ModelFormatException(
                    path, $"{field}.prepend_scheme", $"found '{scheme}', expected always, first or never"),
            };
        }
        return JsonFields.Bool(e, "add_prefix_space", path) == false ? MetaspacePrepend.Never : MetaspacePrepend.Always;
    }

    string Type(JsonElement e, string field) =>
        JsonFields.String(e, "type", path) ?? throw Missing(field, "type");

    string Required(JsonElement e, string name, string field) =>
        JsonFields.String(e, name, path) ?? throw Missing(field, name);

    char Char(JsonElement e, string name, string field)
    {
        string s = Required(e, name, field);
        return s.Length == 1 ? s[0]
            : throw new ModelFormatException(path, $"{field}.{name}", $"found \"{s}\", expected one character");
    }

    List<T> List<T>(JsonElement e, string name, string field, Func<JsonElement?, string, T?> build)
        where T : class
    {
        if (JsonFields.Get(e, name) is not { ValueKind: JsonValueKind.Array } list)
            throw Missing(field, name);
        var steps = new List<T>();
        int i = 0;
        foreach (var item in list.EnumerateArray())
            steps.Add(build(item, $"{field}.{name}[{i++}]")!);
        return steps;
    }

    ModelFormatException Missing(string field, string name) =>
        new(path, field, $"has no \"{name}\"");

    NotSupportedException Unsupported(string field, string type, string supported) =>
        new($"{path}: '{field}': type {type} is not supported; Vane supports {supported}.");
}
