using System.Text;

namespace Vane.Tokenization.Chat;

/// <summary>
/// ChatML, as in Qwen2 and SmolLM2: <c>&lt;|im_start|&gt;role\ncontent&lt;|im_end|&gt;\n</c> per
/// message, and <c>&lt;|im_start|&gt;assistant\n</c> as the generation prompt.
/// </summary>
/// <param name="DefaultSystem">System text the template inserts when the conversation has none
/// (Qwen2.5: "You are Qwen, created by Alibaba Cloud. ..."); null for none.</param>
public sealed record ChatMlFormat(string? DefaultSystem) : ChatFormat
{
    /// <inheritdoc/>
    public override string Name => "ChatML";

    /// <inheritdoc/>
    public override string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt = true)
    {
        var text = new StringBuilder();
        if (DefaultSystem is not null && LeadingSystem(messages) is null)
            Turn(text, "system", DefaultSystem);
        foreach (var m in messages)
            Turn(text, m.Role, m.Content);
        if (addGenerationPrompt)
            text.Append("<|im_start|>assistant\n");
        return text.ToString();
    }

    static void Turn(StringBuilder text, string role, string content) =>
        text.Append("<|im_start|>").Append(role).Append('\n').Append(content).Append("<|im_end|>\n");
}
