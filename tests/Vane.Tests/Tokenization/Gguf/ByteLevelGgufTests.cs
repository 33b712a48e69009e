using Vane.Tokenization;
using Vane.Tokenization.Gguf;

namespace Vane.Tests.Tokenization.Gguf;

/// <summary>
/// The byte-level tokenizer.json fixture (Llama 3 split, three special tokens) converted to
/// "gpt2" GGUF keys and read back must encode as the tokenizer.json pipeline does.
/// </summary>
public sealed class ByteLevelGgufTests : IDisposable
{
    readonly TempModelFolder _folder = new TempModelFolder()
        .With("tokenizer.json", TokenizerJsonFixtures.ByteLevel())
        .With("tokenizer_config.json", """{"eos_token": "<|im_end|>", "add_bos_token": false}""");

    /// <summary>Deletes the fixture folder.</summary>
    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("hello world")]
    [InlineData("yell")]
    [InlineData("12345")]
    [InlineData("<|im_start|>user\nhello<|im_end|>\n")]
    [InlineData("héllo é")]
    [InlineData(" hello")]
    [InlineData("hello  world\n\nhi")]
    [InlineData("a<|endoftext|>b")]
    [InlineData("don't I'M")]
    [InlineData("日本 🐋 ok, naïve!?")]
    [InlineData("")]
    public void Encode_AgreesWithTokenizerJson(string text)
    {
        var hf = TokenizerLoader.Load(_folder.Path);
        var gguf = GgufTokenizerFiles.FromFolder(_folder.Path);
        int[] ids = gguf.Encode(text);
        Assert.Equal(hf.Encode(text), ids);
        Assert.Equal(hf.Decode(ids), gguf.Decode(ids));
    }

    [Fact]
    public void Decode_DropsControlTokens()
    {
        var gguf = GgufTokenizerFiles.FromFolder(_folder.Path);
        int[] ids = gguf.Encode("<|im_start|>héllo<|im_end|>");
        Assert.Equal(TokenizerJsonFixtures.ImStart, ids[0]);
        Assert.Equal("héllo", gguf.Decode(ids));
    }

    [Fact]
    public void Metadata_HasGpt2ConverterKeys()
    {
        var keys = GgufTokenizerMetadata.FromHfFolder(_folder.Path).ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal("gpt2", keys[GgufTokenizerKeys.Model].Value);
        Assert.Equal("llama-bpe", keys[GgufTokenizerKeys.Pre].Value);
        var types = (int[])keys[GgufTokenizerKeys.TokenType].Value;
        Assert.Equal(270, types.Length);
        Assert.Equal((int)GgufTokenType.Normal, types[104]);
        Assert.Equal((int)GgufTokenType.Control, types[TokenizerJsonFixtures.ImEnd]);
        Assert.Equal(TokenizerJsonFixtures.ByteLevelMerges, (string[])keys[GgufTokenizerKeys.Merges].Value);
        Assert.Equal((uint)TokenizerJsonFixtures.ImEnd, keys[GgufTokenizerKeys.EosId].Value);
        Assert.Equal(false, keys[GgufTokenizerKeys.AddBos].Value);
    }

    // pre_tokenizer JSON for each name the converter should pick.
    static string PreTokenizerFor(string name) => (name switch
    {
        "gpt-2" => "{'type': 'ByteLevel', 'add_prefix_space': false}",
        "smollm" => "{'type': 'Sequence', 'pretokenizers': [{'type': 'Digits', 'individual_digits': true}, "
            + "{'type': 'ByteLevel', 'add_prefix_space': false, 'use_regex': true}]}",
        _ => "{'type': 'Sequence', 'pretokenizers': [{'type': 'Split', 'behavior': 'Isolated', "
            + "'pattern': {'Regex': '\\\\s+'}}, {'type': 'ByteLevel', 'use_regex': false}]}",
    }).Replace('\'', '"');

    [Theory]
    [InlineData("gpt-2")]
    [InlineData("smollm")]
    [InlineData("default")]
    public void Metadata_NamesThePreTokenizerByItsSplitting(string expected)
    {
        string json = TokenizerJsonFixtures.ByteLevel();
        var root = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        root["pre_tokenizer"] = System.Text.Json.Nodes.JsonNode.Parse(PreTokenizerFor(expected));
        using var folder = new TempModelFolder().With("tokenizer.json", root.ToJsonString());
        var keys = GgufTokenizerMetadata.FromHfFolder(folder.Path).ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal(expected, keys[GgufTokenizerKeys.Pre].Value);
        if (expected != "default")
            Assert.Equal(TokenizerLoader.Load(folder.Path).Encode("hi 12345 there"),
                GgufTokenizerFiles.FromFolder(folder.Path).Encode("hi 12345 there"));
    }
}
