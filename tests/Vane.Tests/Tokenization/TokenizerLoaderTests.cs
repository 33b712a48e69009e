using Vane.Loading;
using Vane.Tokenization;

namespace Vane.Tests.Tokenization;

/// <summary>How the loader picks files, reads config fields, and reports broken folders.</summary>
public class TokenizerLoaderTests
{
    static string Legacy => TokenizerJsonFixtures.SentencePieceStyle(metaspace: false);

    [Fact]
    public void MissingFolder_Throws()
    {
        var e = Assert.Throws<DirectoryNotFoundException>(() => TokenizerLoader.Load("/no/such/model"));
        Assert.Contains("/no/such/model", e.Message);
    }

    [Fact]
    public void FolderWithoutTokenizer_NamesFolderAndFilesLookedFor()
    {
        using var folder = new TempModelFolder().With("config.json", "{}");
        var e = Assert.Throws<ModelFormatException>(() => TokenizerLoader.Load(folder.Path));
        Assert.Equal(folder.Path, e.FilePath);
        Assert.Contains("tokenizer.json", e.Message);
        Assert.Contains("tokenizer.model", e.Message);
    }

    [Fact]
    public void TokenizerJson_IsPreferredOverTokenizerModel()
    {
        using var folder = new TempModelFolder()
            .Copy(DemoModel.Folder, "tokenizer.model")
            .With("tokenizer.json", Legacy);
        Assert.Equal(277, TokenizerLoader.Load(folder.Path).VocabSize);
    }

    [Theory]
    [InlineData("tokenizer.json", "{ not json")]
    [InlineData("tokenizer_config.json", "[1, 2")]
    [InlineData("generation_config.json", "nope")]
    public void MalformedJson_NamesTheFile(string file, string content)
    {
        using var folder = new TempModelFolder().With("tokenizer.json", Legacy).With(file, content);
        var e = Assert.Throws<ModelFormatException>(() => TokenizerLoader.Load(folder.Path));
        Assert.EndsWith(file, e.FilePath);
    }

    [Fact]
    public void MalformedTokenizerModel_NamesTheFile()
    {
        using var folder = new TempModelFolder().With("tokenizer.model", [0x0b, 0x01, 0x02, 0x03]);
        var e = Assert.Throws<ModelFormatException>(() => TokenizerLoader.Load(folder.Path));
        Assert.EndsWith("tokenizer.model", e.FilePath);
    }

    [Theory]
    [InlineData("\"ld\": 275", "\"lx\": 275", "model.merges[8]")]          // "l d" makes a non-piece
    [InlineData("\"unk_token\": \"<unk>\"", "\"unk_token\": \"<?>\"", "model.unk_token")]
    [InlineData("\"<0x00>\": 3", "\"<0x00>\": \"three\"", "model.vocab.<0x00>")]
    [InlineData("\"type\": \"Fuse\"", "\"kind\": \"Fuse\"", "decoder.decoders[2]")]
    [InlineData("\"prepend\": \"▁\"", "\"prepend\": 7", "prepend")]
    public void MalformedTokenizerJsonField_NamesFileAndField(string find, string replace, string field)
    {
        string json = Legacy.Replace(find, replace);
        Assert.NotEqual(Legacy, json);
        using var folder = new TempModelFolder().With("tokenizer.json", json);
        var e = Assert.Throws<ModelFormatException>(() => TokenizerLoader.Load(folder.Path));
        Assert.EndsWith("tokenizer.json", e.FilePath);
        Assert.Contains(field, e.Message);
    }

    [Theory]
    [InlineData("\"type\": \"BPE\"", "\"type\": \"Unigram\"", "Unigram")]
    [InlineData("\"type\": \"Fuse\"", "\"type\": \"CTC\"", "CTC")]
    [InlineData("\"type\": \"Prepend\"", "\"type\": \"Precompiled\"", "Precompiled")]
    public void UnsupportedStep_IsNotSupported(string find, string replace, string named)
    {
        using var folder = new TempModelFolder().With("tokenizer.json", Legacy.Replace(find, replace));
        var e = Assert.Throws<NotSupportedException>(() => TokenizerLoader.Load(folder.Path));
        Assert.Contains(named, e.Message);
        Assert.Contains("tokenizer.json", e.Message);
    }

    [Fact]
    public void ConfigFields_AcceptObjectTokensIdListsAndNamedTemplates()
    {
        using var folder = new TempModelFolder()
            .With("tokenizer.json", TokenizerJsonFixtures.ByteLevel())
            .With("tokenizer_config.json", """
                {
                  "bos_token": null,
                  "eos_token": {"content": "<|im_end|>", "lstrip": false},
                  "chat_template": [
                    {"name": "tool_use", "template": "tools"},
                    {"name": "default", "template": "{{ '<|im_start|>' }}"}
                  ]
                }
                """)
            .With("generation_config.json", """{"bos_token_id": 267, "eos_token_id": [267, 269]}""")
            .With("config.json", """{"bos_token_id": 1, "eos_token_id": 2}""");
        var tok = TokenizerLoader.Load(folder.Path);
        Assert.Equal(267, tok.BosId);                   // generation_config before config.json
        Assert.Equal([267, 269], tok.EosIds);           // eos_token already among them
        Assert.Equal("<|im_end|>", tok.EosToken);
        Assert.Equal("{{ '<|im_start|>' }}", tok.ChatTemplate);
        Assert.False(tok.AddBos);
    }

    [Fact]
    public void ConfigJson_IsTheFallbackForIds()
    {
        using var folder = new TempModelFolder()
            .With("tokenizer.json", TokenizerJsonFixtures.ByteLevel())
            .With("config.json", """{"bos_token_id": 267, "eos_token_id": 269}""");
        var tok = TokenizerLoader.Load(folder.Path);
        Assert.Equal(267, tok.BosId);
        Assert.Equal([269], tok.EosIds);
    }

    [Fact]
    public void TokenizerConfig_AddBosToken_OverridesThePostProcessor()
    {
        using var folder = new TempModelFolder()
            .With("tokenizer.json", Legacy)
            .With("tokenizer_config.json", """{"add_bos_token": false, "chat_template": "x"}""");
        Assert.False(TokenizerLoader.Load(folder.Path).AddBos);
    }

    [Fact]
    public void ChatTemplateJinjaFile_IsUsedWhenConfigHasNone()
    {
        using var folder = new TempModelFolder()
            .With("tokenizer.json", Legacy)
            .With("chat_template.jinja", "{{ messages }}");
        Assert.Equal("{{ messages }}", TokenizerLoader.Load(folder.Path).ChatTemplate);
    }

    [Theory]
    [InlineData("tokenizer_config.json", """{"eos_token": 5}""", "eos_token")]
    [InlineData("tokenizer_config.json", """{"eos_token": "<|nope|>"}""", "eos_token")]
    [InlineData("tokenizer_config.json", """{"bos_token": "<|nope|>"}""", "bos_token")]
    [InlineData("tokenizer_config.json", """{"add_bos_token": "yes"}""", "add_bos_token")]
    [InlineData("tokenizer_config.json", """{"chat_template": 3}""", "chat_template")]
    [InlineData("tokenizer_config.json", """{"chat_template": [{"name": "default"}]}""", "chat_template")]
    [InlineData("tokenizer_config.json", """{"added_tokens_decoder": {"x": {"content": "a"}}}""",
        "added_tokens_decoder")]
    [InlineData("generation_config.json", """{"eos_token_id": "2"}""", "eos_token_id")]
    [InlineData("generation_config.json", """{"eos_token_id": [2, "3"]}""", "eos_token_id")]
    [InlineData("generation_config.json", """{"eos_token_id": 99999}""", "eos_token_id")]
    [InlineData("config.json", """{"bos_token_id": -4}""", "bos_token_id")]
    public void BadConfigField_NamesFileAndField(string file, string content, string field)
    {
        using var folder = new TempModelFolder().With("tokenizer.json", TokenizerJsonFixtures.ByteLevel())
            .With(file, content);
        var e = Assert.Throws<ModelFormatException>(() => TokenizerLoader.Load(folder.Path));
        Assert.EndsWith(file, e.FilePath);
        Assert.Equal(field, e.Item);
    }

    [Fact]
    public void AddBosWithoutAnyBos_Throws()
    {
        using var folder = new TempModelFolder()
            .With("tokenizer.json", TokenizerJsonFixtures.ByteLevel())
            .With("tokenizer_config.json", """{"add_bos_token": true}""");
        var e = Assert.Throws<ModelFormatException>(() => TokenizerLoader.Load(folder.Path));
        Assert.Equal("add_bos_token", e.Item);
    }

    [Fact]
    public void SentencePieceFolder_WithAddedTokens_EncodesThemWhole()
    {
        using var folder = new TempModelFolder()
            .Copy(DemoModel.Folder, "tokenizer.model")
            .With("tokenizer_config.json", """
                {"add_bos_token": false, "eos_token": "</s>",
                 "added_tokens_decoder": {"4096": {"content": "<|end|>", "special": true}}}
                """);
        var tok = TokenizerLoader.Load(folder.Path);
        Assert.False(tok.AddBos);
        Assert.Equal(4097, tok.VocabSize);
        Assert.Equal([368, 4096], tok.Encode("The<|end|>"));
    }
}
