using Vane.Loading;
using Vane.Loading.Gguf;
using Vane.Tokenization.Gguf;

namespace Vane.Tests.Tokenization.Gguf;

/// <summary>Every way a GGUF tokenizer can be refused, and what the error says.</summary>
public class GgufTokenizerErrorTests
{
    static readonly string Folder = DemoModel.Folder;

    [Fact]
    public void UnknownModel_IsNotSupported_NamingItAndTheFile()
    {
        var keys = GgufTokenizerFiles.With(Folder, GgufTokenizerKeys.Model, GgufValue.Of("t5"));
        var e = Assert.Throws<NotSupportedException>(() => GgufTokenizerFiles.Load(keys));
        Assert.Contains("'t5'", e.Message);
        Assert.Contains(".gguf", e.Message);
    }

    [Theory]
    [InlineData(GgufTokenizerKeys.Model)]
    [InlineData(GgufTokenizerKeys.Tokens)]
    [InlineData(GgufTokenizerKeys.Scores)]
    public void MissingKey_NamesIt(string key)
    {
        var keys = GgufTokenizerFiles.With(Folder, key, null);
        var e = Assert.Throws<ModelFormatException>(() => GgufTokenizerFiles.Load(keys));
        Assert.Contains(key, e.Message);
    }

    [Fact]
    public void MissingMerges_OfAGpt2Tokenizer_NamesTheKey()
    {
        using var folder = new TempModelFolder().With("tokenizer.json", Tokenization.TokenizerJsonFixtures.ByteLevel());
        var keys = GgufTokenizerFiles.With(folder.Path, GgufTokenizerKeys.Merges, null);
        var e = Assert.Throws<ModelFormatException>(() => GgufTokenizerFiles.Load(keys));
        Assert.Contains(GgufTokenizerKeys.Merges, e.Message);
    }

    [Fact]
    public void BadMerge_NamesItsIndex()
    {
        using var folder = new TempModelFolder().With("tokenizer.json", Tokenization.TokenizerJsonFixtures.ByteLevel());
        var merges = GgufValue.Array(new[] { "h e", "h zz" });
        var keys = GgufTokenizerFiles.With(folder.Path, GgufTokenizerKeys.Merges, merges);
        var e = Assert.Throws<ModelFormatException>(() => GgufTokenizerFiles.Load(keys));
        Assert.Contains($"{GgufTokenizerKeys.Merges}[1]", e.Message);
    }

    [Fact]
    public void ScoresOfTheWrongLength_SayFoundAndExpected()
    {
        var keys = GgufTokenizerFiles.With(Folder, GgufTokenizerKeys.Scores, GgufValue.Array(new float[3]));
        var e = Assert.Throws<ModelFormatException>(() => GgufTokenizerFiles.Load(keys));
        Assert.Contains("found 3", e.Message);
        Assert.Contains("4096", e.Message);
    }

    [Fact]
    public void BosIdOutsideTheVocabulary_IsAnError()
    {
        var keys = GgufTokenizerFiles.With(Folder, GgufTokenizerKeys.BosId, GgufValue.Of(9999u));
        var e = Assert.Throws<ModelFormatException>(() => GgufTokenizerFiles.Load(keys));
        Assert.Contains(GgufTokenizerKeys.BosId, e.Message);
        Assert.Contains("9999", e.Message);
    }

    [Fact]
    public void AddBosWithoutABosId_NamesTheBosKey()
    {
        using var folder = new TempModelFolder().With("tokenizer.json", Tokenization.TokenizerJsonFixtures.ByteLevel());
        var keys = GgufTokenizerFiles.With(folder.Path, GgufTokenizerKeys.AddBos, GgufValue.Of(true));
        var e = Assert.Throws<ModelFormatException>(() => GgufTokenizerFiles.Load(keys));
        Assert.Contains(GgufTokenizerKeys.BosId, e.Message);
    }

    [Fact]
    public void UnknownPreTokenizer_IsNotSupported()
    {
        using var folder = new TempModelFolder().With("tokenizer.json", Tokenization.TokenizerJsonFixtures.ByteLevel());
        var keys = GgufTokenizerFiles.With(folder.Path, GgufTokenizerKeys.Pre, GgufValue.Of("made-up"));
        var e = Assert.Throws<NotSupportedException>(() => GgufTokenizerFiles.Load(keys));
        Assert.Contains("made-up", e.Message);
    }

    [Fact]
    public void FolderWithoutTokenizer_IsAModelFormatError()
    {
        using var folder = new TempModelFolder();
        Assert.Throws<ModelFormatException>(() => GgufTokenizerMetadata.FromHfFolder(folder.Path));
    }

    [Fact]
    public void MissingFolder_IsDirectoryNotFound()
    {
        Assert.Throws<DirectoryNotFoundException>(() => GgufTokenizerMetadata.FromHfFolder("/no/such/folder"));
    }

    [Fact]
    public void BrokenTokenizerModel_NamesTheFile()
    {
        using var folder = new TempModelFolder().With("tokenizer.model", [0x0A, 0xFF, 0xFF]);
        var e = Assert.Throws<ModelFormatException>(() => GgufTokenizerMetadata.FromHfFolder(folder.Path));
        Assert.Contains("tokenizer.model", e.Message);
    }

    [Fact]
    public void SentencePieceStyleTokenizerJson_IsNotSupported()
    {
        using var folder = new TempModelFolder().With("tokenizer.json",
            Tokenization.TokenizerJsonFixtures.SentencePieceStyle(metaspace: true));
        Assert.Throws<NotSupportedException>(() => GgufTokenizerMetadata.FromHfFolder(folder.Path));
    }
}
