using Vane.Tokenization;

namespace Vane.Tests.Tokenization;

/// <summary>
/// tokenizer.json pipelines on the hand-made fixtures. Expected ids follow from the merge
/// rules by hand; all of them were also checked against Hugging Face tokenizers (the Rust
/// library, through Tokenizers.DotNet 1.4.1) when these tests were written.
/// </summary>
public class TokenizerJsonTests
{
    static TextTokenizer Load(string json)
    {
        using var folder = new TempModelFolder().With("tokenizer.json", json);
        return TokenizerLoader.Load(folder.Path);
    }

    static readonly TextTokenizer ByteLevel = Load(TokenizerJsonFixtures.ByteLevel());
    static readonly TextTokenizer Legacy = Load(TokenizerJsonFixtures.SentencePieceStyle(metaspace: false));
    static readonly TextTokenizer Metaspace = Load(TokenizerJsonFixtures.SentencePieceStyle(metaspace: true));

    static TextTokenizer Pick(string name) => name switch
    {
        "byte-level" => ByteLevel,
        "legacy" => Legacy,
        _ => Metaspace,
    };

    [Theory]
    // Byte-level (Qwen2 style): id = byte value below 256.
    [InlineData("byte-level", "hello world", new[] { 259, 264 })]              // hello | Ġworld
    [InlineData("byte-level", "yell", new[] { 121, 101, 257 })]                // "l l" outranks "e l"
    [InlineData("byte-level", "12345", new[] { 49, 50, 51, 52, 53 })]          // 123|45: "3 4" never meets
    [InlineData("byte-level", "<|im_start|>user\nhello<|im_end|>\n",
        new[] { 268, 117, 115, 101, 114, 10, 259, 269, 10 })]                  // specials are single ids
    [InlineData("byte-level", "é", new[] { 195, 169 })]                        // é = C3 A9
    [InlineData("byte-level", "héllo", new[] { 104, 195, 169, 257, 111 })]
    [InlineData("byte-level", " hello", new[] { 32, 259 })]
    [InlineData("byte-level", "hello  world\n\nhi", new[] { 259, 32, 264, 10, 10, 104, 105 })]
    [InlineData("byte-level", "a<|endoftext|>b", new[] { 97, 267, 98 })]
    [InlineData("byte-level", "don't I'M", new[] { 100, 111, 110, 39, 116, 32, 73, 39, 77 })]
    // SentencePiece style with Prepend+Replace normalizer (Llama 2): BOS 1, <0xNN> = 3 + NN.
    [InlineData("legacy", "hello world", new[] { 1, 271, 276 })]               // ▁hello ▁world
    [InlineData("legacy", "hé", new[] { 1, 267, 198, 172 })]                   // ▁h <0xC3> <0xA9>
    [InlineData("legacy", "hello</s>", new[] { 1, 271, 2 })]
    [InlineData("legacy", " hello", new[] { 1, 259, 271 })]                    // ▁ ▁hello
    [InlineData("legacy", "yell", new[] { 1, 259, 124, 261, 268 })]            // ▁ <0x79> e ll
    [InlineData("legacy", "", new[] { 1 })]
    // Metaspace pre-tokenizer (prepend_scheme first): same pieces, but no extra "▁" for a space.
    [InlineData("metaspace", "hello world", new[] { 1, 271, 276 })]
    [InlineData("metaspace", " hello", new[] { 1, 271 })]
    [InlineData("metaspace", "<s>hello", new[] { 1, 1, 260, 261, 268, 263 })] // no ▁ after an added token
    public void Encode_MatchesHuggingFace(string fixture, string text, int[] expected)
    {
        Assert.Equal(expected, Pick(fixture).Encode(text));
    }

    [Theory]
    [InlineData("byte-level", "hello  world\n\nhi")]
    [InlineData("byte-level", "日本 🐋 ok, naïve")]
    [InlineData("byte-level", " leading space")]
    [InlineData("legacy", "hello world")]
    [InlineData("legacy", " hello\n\n日本 🐋")]
    [InlineData("metaspace", "hello  world\n日本")]
    public void Decode_RoundTrips(string fixture, string text)
    {
        var tok = Pick(fixture);
        Assert.Equal(text, tok.Decode(tok.Encode(text)));
    }

    [Fact]
    public void NfcNormalizer_IsApplied()
    {
        // In InvariantGlobalization mode .NET cannot normalise and leaves text as it is, so the
        // decomposed form only meets the composed one where ICU is available.
        string decomposed = "e\u0301";
        Assert.Equal(
            ByteLevel.Encode(decomposed.Normalize(System.Text.NormalizationForm.FormC)),
            ByteLevel.Encode(decomposed));
    }

    [Fact]
    public void Decode_LeavesOutSpecialTokens()
    {
        Assert.Equal("user\nhello\n", ByteLevel.Decode([268, 117, 115, 101, 114, 10, 259, 269, 10]));
        Assert.Equal("hello", Legacy.Decode([1, 271, 2]));
    }

    [Fact]
    public void PostProcessorTemplate_MakesBosAdded()
    {
        Assert.True(Legacy.AddBos);
        Assert.Equal(1, Legacy.BosId);
        Assert.Equal("<s>", Legacy.BosToken);
        Assert.Equal([271, 276], Legacy.Encode("hello world", addSpecial: false));
        Assert.False(ByteLevel.AddBos);
        Assert.Null(ByteLevel.BosId);
    }

    [Fact]
    public void VocabSize_CountsAddedTokens()
    {
        Assert.Equal(270, ByteLevel.VocabSize);
        Assert.Equal(277, Legacy.VocabSize);
        Assert.Equal(269, ByteLevel.TokenToId("<|im_end|>"));
        Assert.Equal(259, ByteLevel.TokenToId("hello"));
    }

    [Fact]
    public void IgnoreMerges_TakesWholeWordsFromTheVocabulary()
    {
        // "yell" merged by rules is y e ll; with ignore_merges a vocabulary entry wins outright.
        string json = TokenizerJsonFixtures.ByteLevel()
            .Replace("\"ignore_merges\": false", "\"ignore_merges\": true")
            .Replace("\"34\": 266", "\"34\": 266, \"yell\": 270");
        Assert.Equal([270], Load(json).Encode("yell"));
    }
}
