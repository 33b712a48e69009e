using Vane.Loading.Gguf;
using Vane.Tokenization;
using Vane.Tokenization.Gguf;

namespace Vane.Tests.Tokenization.Gguf;

/// <summary>Round trips through a real GGUF file holding only tokenizer metadata.</summary>
internal static class GgufTokenizerFiles
{
    /// <summary>Writes <paramref name="keys"/> to a temporary GGUF and loads its tokenizer.</summary>
    public static TextTokenizer Load(IEnumerable<KeyValuePair<string, GgufValue>> keys)
    {
        string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"vane-ggtok-{Guid.NewGuid():N}.gguf");
        try
        {
            var writer = new GgufWriter();
            foreach (var (key, value) in keys)
                writer.AddMetadata(key, value);
            writer.Write(path);
            using var file = GgufFile.Open(path);
            return GgufTokenizerLoader.Load(file);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Converts the tokenizer of <paramref name="folder"/> to GGUF keys and loads it back.</summary>
    public static TextTokenizer FromFolder(string folder) => Load(GgufTokenizerMetadata.FromHfFolder(folder));

    /// <summary>
    /// The keys of <paramref name="folder"/> with <paramref name="key"/> replaced by
    /// <paramref name="value"/>, or removed when it is null.
    /// </summary>
    public static List<KeyValuePair<string, GgufValue>> With(string folder, string key, GgufValue? value)
    {
        var keys = GgufTokenizerMetadata.FromHfFolder(folder).Where(kv => kv.Key != key).ToList();
        if (value is not null)
            keys.Add(new(key, value));
        return keys;
    }
}
