using System.Text.Json;
using Vane.Tokenization;

namespace Vane.Tests.Tokenization;

/// <summary>The SentencePiece tokenizer.model of vane-demo-3m against its reference ids.</summary>
public class SentencePieceTokenizerTests
{
    static readonly TextTokenizer Tokenizer = TokenizerLoader.Load(DemoModel.Folder);

    /// <summary>Each reference prompt: text and the ids (with BOS) that Python SentencePiece gave.</summary>
    public static TheoryData<string, int[]> ReferencePrompts()
    {
        var data = new TheoryData<string, int[]>();
        foreach (string line in File.ReadLines(DemoModel.Prompts))
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            data.Add(
                root.GetProperty("text").GetString()!,
                [.. root.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32())]);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ReferencePrompts))]
    public void Encode_ReproducesReferenceIds(string text, int[] expected)
    {
        Assert.Equal(expected, Tokenizer.Encode(text));
    }

    [Theory]
    [MemberData(nameof(ReferencePrompts))]
    public void Decode_RoundTripsReferencePrompts(string text, int[] ids)
    {
        Assert.Equal(text, Tokenizer.Decode(ids));
    }

    [Theory]
    [InlineData("Call me Ishmael.\nSome years ago")]
    [InlineData("a\nb\n\nc")]
    [InlineData("héllo wörld, 日本 🐋 — naïve")]        // byte fallback for most of these
    [InlineData("Tab\tand trailing newline\n")]
    [InlineData("")]
    public void Decode_RoundTripsOtherText(string text)
    {
        Assert.Equal(text, Tokenizer.Decode(Tokenizer.Encode(text)));
    }

    [Fact]
    public void Encode_CollapsesExtraWhitespace_AsTheModelsNormalizerSays()
    {
        // The model's normalizer_spec leaves remove_extra_whitespaces at its default (true), so
        // SentencePiece itself drops leading spaces and squeezes runs: the text cannot round-trip.
        Assert.Equal(Tokenizer.Encode("two spaces"), Tokenizer.Encode("  two   spaces "));
    }

    [Fact]
    public void SpecialIds_ComeFromTheConfigFiles()
    {
        Assert.Equal(4096, Tokenizer.VocabSize);
        Assert.Equal(1, Tokenizer.BosId);
        Assert.Equal([2], Tokenizer.EosIds);
        Assert.True(Tokenizer.AddBos);
        Assert.Equal("<s>", Tokenizer.BosToken);
        Assert.Equal("</s>", Tokenizer.EosToken);
        Assert.Null(Tokenizer.ChatTemplate);
    }

    [Fact]
    public void Encode_WithoutSpecial_LeavesOutBos()
    {
        Assert.Equal([368], Tokenizer.Encode("The", addSpecial: false));
    }

    [Fact]
    public void Encode_SpecialTokenText_BecomesItsId()
    {
        int[] ids = Tokenizer.Encode("The</s>", addSpecial: false);
        Assert.Equal([368, 2], ids);
        Assert.Equal(2, Tokenizer.TokenToId("</s>"));
        Assert.Null(Tokenizer.TokenToId("no such piece"));
    }

    [Fact]
    public void Decode_LeavesOutBosAndEos()
    {
        Assert.Equal("The whale", Tokenizer.Decode([1, 368, 760, 2]));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(4096)]
    public void Decode_IdOutsideVocabulary_Throws(int id)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Tokenizer.Decode([368, id]));
        Assert.Contains("0..4095", e.Message);
    }
}
