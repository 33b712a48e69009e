using System.Text;
using Vane.Tokenization;

namespace Vane.Tests.Tokenization;

/// <summary>Streaming decode: pieces appear only as whole characters and add up to the full text.</summary>
public class TokenTextStreamTests
{
    static readonly TextTokenizer SentencePiece = TokenizerLoader.Load(DemoModel.Folder);
    static readonly TextTokenizer ByteLevel = LoadByteLevel();

    static TextTokenizer LoadByteLevel()
    {
        using var folder = new TempModelFolder().With("tokenizer.json", TokenizerJsonFixtures.ByteLevel());
        return TokenizerLoader.Load(folder.Path);
    }

    static List<string> StreamAll(TextTokenizer tok, int[] ids, int[]? context = null)
    {
        var stream = new TokenTextStream(tok, context);
        var pieces = ids.Select(stream.Append).ToList();
        pieces.Add(stream.Flush());
        return pieces;
    }

    [Theory]
    [InlineData("sentencepiece", "Call me Ishmael. 日本 🐋 naïve\nEnd")]
    [InlineData("byte-level", "hello world, 日本 🐋 naïve\nEnd")]
    public void Pieces_AddUpToTheDecodedText_AndNeverHoldBrokenCharacters(string kind, string text)
    {
        var tok = kind == "sentencepiece" ? SentencePiece : ByteLevel;
        int[] ids = tok.Encode(text);
        var pieces = StreamAll(tok, ids);
        Assert.Equal(text, string.Concat(pieces));
        Assert.All(pieces, p => Assert.DoesNotContain('\uFFFD', p));
    }

    [Fact]
    public void MultiByteCharacter_IsHeldUntilItsLastByte()
    {
        // 🐋 = F0 9F 90 8B: four byte-level tokens, one character.
        int[] ids = ByteLevel.Encode("🐋");
        Assert.Equal(4, ids.Length);
        var stream = new TokenTextStream(ByteLevel);
        Assert.Equal(["", "", "", "🐋"], ids.Select(stream.Append).ToArray());
        Assert.Equal("", stream.Flush());
    }

    [Fact]
    public void Context_GivesTheFirstPieceItsLeadingSpace()
    {
        int[] prompt = SentencePiece.Encode("The");
        int whale = SentencePiece.Encode("The whale", addSpecial: false)[^1];
        Assert.Equal(" whale", new TokenTextStream(SentencePiece, prompt).Append(whale));
        Assert.Equal("whale", new TokenTextStream(SentencePiece).Append(whale));
    }

    [Fact]
    public void SpecialTokens_YieldNoText()
    {
        var stream = new TokenTextStream(SentencePiece);
        Assert.Equal("", stream.Append(2));
        Assert.Equal("The", stream.Append(368));
    }

    [Fact]
    public void Flush_ReleasesAnIncompleteCharacterAsReplacement()
    {
        int[] ids = ByteLevel.Encode("🐋");
        var stream = new TokenTextStream(ByteLevel);
        stream.Append(ids[0]);
        stream.Append(ids[1]);
        Assert.Contains('\uFFFD', stream.Flush());
        Assert.Equal("hello", stream.Append(259));
    }

    [Fact]
    public void LongStream_MatchesFullDecode()
    {
        var text = new StringBuilder();
        for (int i = 0; i < 50; i++)
            text.Append("Call me Ishmael; ünïcödé ").Append(i).Append('\n');
        int[] ids = SentencePiece.Encode(text.ToString(), addSpecial: false);
        Assert.Equal(SentencePiece.Decode(ids), string.Concat(StreamAll(SentencePiece, ids)));
    }

    [Fact]
    public void NullTokenizer_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => new TokenTextStream(null!));
    }
}
