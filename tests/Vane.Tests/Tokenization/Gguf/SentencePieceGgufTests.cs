using Vane.Loading.Gguf;
using Vane.Tokenization;
using Vane.Tokenization.Gguf;

namespace Vane.Tests.Tokenization.Gguf;

/// <summary>
/// The demo model's SentencePiece tokenizer written as GGUF keys and read back: it must give
/// the reference ids and agree with the tokenizer.model pipeline on held-out text.
/// </summary>
public class SentencePieceGgufTests
{
    static readonly TextTokenizer FromGguf = GgufTokenizerFiles.FromFolder(DemoModel.Folder);
    static readonly TextTokenizer FromFolder = TokenizerLoader.Load(DemoModel.Folder);

    /// <summary>Every reference prompt with its ids.</summary>
    public static TheoryData<string, int[]> ReferencePrompts() => SentencePieceTokenizerTests.ReferencePrompts();

    /// <summary>A few hundred non-empty lines of each held-out text.</summary>
    public static TheoryData<string> HeldOutFiles() => new("mobydick-heldout.txt", "shakespeare-heldout.txt");

    [Theory]
    [MemberData(nameof(ReferencePrompts))]
    public void Encode_GivesReferenceIds(string text, int[] ids)
    {
        Assert.Equal(ids, FromGguf.Encode(text));
    }

    [Theory]
    [MemberData(nameof(HeldOutFiles))]
    public void Encode_AgreesWithTokenizerModel_OnHeldOutText(string name)
    {
        var lines = File.ReadLines(System.IO.Path.Combine("/work/shared/data/text", name))
            .Where(l => l.Length > 0).Take(300).ToList();
        Assert.True(lines.Count >= 100, $"only {lines.Count} lines in {name}");
        foreach (string line in lines)
        {
            int[] ids = FromGguf.Encode(line);
            Assert.Equal(FromFolder.Encode(line), ids);
            Assert.Equal(FromFolder.Decode(ids), FromGguf.Decode(ids));
            Assert.Equal(line.Trim(' '), FromGguf.Decode(ids).Trim(' '));
        }
    }

    [Theory]
    [InlineData("日本 🐋 ok, naïve")]
    [InlineData("tabs\tand\nnewlines, 'quotes' & digits 12345")]
    [InlineData("</s>after<s> and <unk>")]
    [InlineData("a<s>b")]
    public void Encode_AgreesWithTokenizerModel_OnAwkwardText(string text)
    {
        Assert.Equal(FromFolder.Encode(text), FromGguf.Encode(text));
        Assert.Equal(FromFolder.Decode(FromFolder.Encode(text)), FromGguf.Decode(FromGguf.Encode(text)));
    }

    [Fact]
    public void Encode_KeepsRepeatedSpaces_AsLlamaCppDoes()
    {
        // tokenizer.model collapses whitespace runs (remove_extra_whitespaces), a normaliser flag
        // GGUF has no key for; llama.cpp keeps every space, and so does the GGUF tokenizer.
        int space = FromGguf.TokenToId("\u2581")!.Value;
        Assert.Equal([1, space, space, .. FromGguf.Encode("two", addSpecial: false)], FromGguf.Encode("  two"));
    }

    [Fact]
    public void Decode_DropsControlTokensAndJoinsBytePieces()
    {
        int[] ids = FromGguf.Encode("本 🐋");
        Assert.Equal("本 🐋", FromGguf.Decode(ids));
        Assert.Equal("本 🐋", FromGguf.Decode([.. ids, 2]));
    }

    [Fact]
    public void SpecialTokens_FollowTheConfig()
    {
        Assert.Equal(1, FromGguf.BosId);
        Assert.Equal([2], FromGguf.EosIds);
        Assert.True(FromGguf.AddBos);
        Assert.Equal("<s>", FromGguf.BosToken);
        Assert.Equal(4096, FromGguf.VocabSize);
        Assert.Equal(FromFolder.TokenToId("▁the"), FromGguf.TokenToId("▁the"));
    }

    [Fact]
    public void Metadata_HasLlamaConverterKeys()
    {
        var keys = GgufTokenizerMetadata.FromHfFolder(DemoModel.Folder).ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal("llama", keys[GgufTokenizerKeys.Model].Value);
        Assert.Equal("default", keys[GgufTokenizerKeys.Pre].Value);
        var tokens = (string[])keys[GgufTokenizerKeys.Tokens].Value;
        var types = (int[])keys[GgufTokenizerKeys.TokenType].Value;
        Assert.Equal(4096, tokens.Length);
        Assert.Equal(4096, ((float[])keys[GgufTokenizerKeys.Scores].Value).Length);
        Assert.Equal(("<unk>", 2), (tokens[0], types[0]));
        Assert.Equal(("<s>", 3), (tokens[1], types[1]));
        Assert.Equal(("</s>", 3), (tokens[2], types[2]));
        Assert.Equal(("<0x0A>", 6), (tokens[13], types[13]));
        Assert.Equal(1u, keys[GgufTokenizerKeys.BosId].Value);
        Assert.Equal(2u, keys[GgufTokenizerKeys.EosId].Value);
        Assert.Equal(true, keys[GgufTokenizerKeys.AddBos].Value);
        Assert.Equal(false, keys[GgufTokenizerKeys.AddEos].Value);
    }

    [Fact]
    public void AddTo_WritesTheSameKeysIntoAWriter()
    {
        var writer = GgufTokenizerMetadata.AddTo(new GgufWriter(), DemoModel.Folder);
        Assert.Equal(
            GgufTokenizerMetadata.FromHfFolder(DemoModel.Folder).Select(kv => kv.Key),
            writer.Metadata.Select(kv => kv.Key));
    }
}
