using Vane.Tokenization;
using Vane.Tokenization.Chat;

namespace Vane.Tests.Tokenization.Chat;

/// <summary>
/// Each family's rendering equals what its Jinja template gives (see <see cref="ChatTemplateCases"/>).
/// </summary>
public class ChatTemplatesTests
{
    static readonly ChatMessage[] Full =
    [
        new("system", "You are terse."),
        new("user", "Hi there!"),
        new("assistant", "Hello. "),
        new("user", " What is 2+2?\nThink."),
    ];

    public static TheoryData<string> Families() => [.. ChatTemplateCases.All.Select(c => c.Name)];

    static (string Name, string Template, string? Bos, string? Eos, string Full, string NoSystem, string OneUser)
        Case(string name) => ChatTemplateCases.All.Single(c => c.Name == name);

    static ChatFormat Detect(string name)
    {
        var c = Case(name);
        return ChatTemplates.Detect(c.Template, c.Bos, c.Eos);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Render_SystemUserAssistantUser_MatchesJinja(string family)
    {
        Assert.Equal(Case(family).Full, Detect(family).Render(Full));
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Render_WithoutSystem_MatchesJinja(string family)
    {
        Assert.Equal(Case(family).NoSystem, Detect(family).Render(Full[1..]));
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Render_OneUserWithoutGenerationPrompt_MatchesJinja(string family)
    {
        Assert.Equal(Case(family).OneUser, Detect(family).Render(Full[1..2], addGenerationPrompt: false));
    }

    [Theory]
    [InlineData("Qwen2.5", typeof(ChatMlFormat))]
    [InlineData("SmolLM2", typeof(ChatMlFormat))]
    [InlineData("Llama3", typeof(Llama3ChatFormat))]
    [InlineData("Llama3.2", typeof(Llama3ChatFormat))]
    [InlineData("Llama2", typeof(Llama2ChatFormat))]
    [InlineData("TinyLlama", typeof(ZephyrChatFormat))]
    public void Detect_PicksTheFamily(string family, Type expected)
    {
        Assert.IsType(expected, Detect(family));
    }

    [Fact]
    public void Qwen_DefaultSystemMessage_IsReadFromTheTemplate()
    {
        var format = Assert.IsType<ChatMlFormat>(Detect("Qwen2.5"));
        Assert.Equal("You are Qwen, created by Alibaba Cloud. You are a helpful assistant.", format.DefaultSystem);
    }

    [Fact]
    public void Llama32_DateString_CanBeSet()
    {
        var format = Assert.IsType<Llama3ChatFormat>(Detect("Llama3.2")) with { DateString = "01 Jan 2026" };
        Assert.Contains("Today Date: 01 Jan 2026\n\n", format.Render(Full));
    }

    [Fact]
    public void For_UsesTheTokenizersTemplateAndTokens()
    {
        using var folder = new Vane.Tests.Tokenization.TempModelFolder()
            .With("tokenizer.json", Vane.Tests.Tokenization.TokenizerJsonFixtures.SentencePieceStyle(false))
            .With("tokenizer_config.json",
                System.Text.Json.JsonSerializer.Serialize(new
                {
                    chat_template = ChatTemplateCases.TinyLlamaTemplate,
                    eos_token = "</s>",
                    bos_token = "<s>"
                }));
        var tok = TokenizerLoader.Load(folder.Path);
        string prompt = ChatTemplates.For(tok).Render([new("user", "hello")]);
        Assert.Equal("<|user|>\nhello</s>\n<|assistant|>\n", prompt);
        Assert.Contains(2, tok.Encode(prompt, addSpecial: false));   // "</s>" is one token
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  \n")]
    public void NoTemplate_IsAClearError(string? template)
    {
        var e = Assert.Throws<InvalidOperationException>(() => ChatTemplates.Detect(template));
        Assert.Contains("no chat template", e.Message);
    }

    [Fact]
    public void UnrecognisedTemplate_ShowsItsFirstLine()
    {
        string template = "{% for m in messages %}### {{ m.role }}: {{ m.content }}\n{% endfor %}";
        var e = Assert.Throws<NotSupportedException>(() => ChatTemplates.Detect(template));
        Assert.Contains("{% for m in messages %}### {{ m.role }}: {{ m.content }}", e.Message);
        Assert.DoesNotContain("endfor", e.Message);
    }

    [Fact]
    public void ReasoningTemplate_IsNotSupported()
    {
        string template = "{{- '<|im_start|>assistant\\n<think>\\n\\n</think>\\n\\n' }}";
        var e = Assert.Throws<NotSupportedException>(() => ChatTemplates.Detect(template));
        Assert.Contains("<think>", e.Message);
    }

    [Theory]
    [InlineData("Llama3", null, "</s>", "BOS")]
    [InlineData("Llama2", "<s>", null, "EOS")]
    [InlineData("TinyLlama", "<s>", null, "EOS")]
    public void TemplateNeedingAMissingToken_IsAClearError(string family, string? bos, string? eos, string which)
    {
        var e = Assert.Throws<InvalidOperationException>(() => ChatTemplates.Detect(Case(family).Template, bos, eos));
        Assert.Contains(which, e.Message);
    }

    [Fact]
    public void Llama2_RolesThatDoNotAlternate_Throw()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            Detect("Llama2").Render([new("user", "a"), new("user", "b")]));
        Assert.Contains("alternate", e.Message);
    }

    [Fact]
    public void Zephyr_UnknownRole_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => Detect("TinyLlama").Render([new("tool", "x")]));
        Assert.Contains("'tool'", e.Message);
    }

    [Fact]
    public void For_NullTokenizer_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => ChatTemplates.For(null!));
    }
}
