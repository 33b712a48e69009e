using System.Text;

namespace Vane.Tokenization.Chat;

/// <summary>
/// Llama 3: BOS, then <c>&lt;|start_header_id|&gt;role&lt;|end_header_id|&gt;\n\ncontent&lt;|eot_id|&gt;</c>
/// per message with content trimmed. Llama 3.1 and 3.2 templates always open with a system
/// turn that states a knowledge cut-off and a date (<see cref="KnowledgeHeader"/>).
/// </summary>
/// <param name="BosToken">BOS text, e.g. "&lt;|begin_of_text|&gt;".</param>
/// <param name="KnowledgeHeader">Whether the template writes the "Cutting Knowledge Date" system turn.</param>
public sealed record Llama3ChatFormat(string BosToken, bool KnowledgeHeader) : ChatFormat
{
    /// <summary>
    /// The "Today Date" the 3.1/3.2 header shows. Defaults to the template's own fallback,
    /// "26 Jul 2024"; Hugging Face passes today's date instead, so set this to match it.
    /// </summary>
    public string DateString { get; init; } = "26 Jul 2024";

    /// <inheritdoc/>
    public override string Name => KnowledgeHeader ? "Llama 3.1+" : "Llama 3";

    /// <inheritdoc/>
    public override string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt = true)
    {
        var text = new StringBuilder(BosToken);
        var rest = messages.AsEnumerable();
        if (KnowledgeHeader)
        {
            string? system = LeadingSystem(messages);
            rest = messages.Skip(system is null ? 0 : 1);
            Header(text, "system").Append("Cutting Knowledge Date: December 2023\n")
                .Append("Today Date: ").Append(DateString).Append("\n\n")
                .Append(system?.Trim()).Append("<|eot_id|>");
        }
        foreach (var m in rest)
            Header(text, m.Role).Append(m.Content.Trim()).Append("<|eot_id|>");
        if (addGenerationPrompt)
            Header(text, "assistant");
        return text.ToString();
    }

    static StringBuilder Header(StringBuilder text, string role) =>
        text.Append("<|start_header_id|>").Append(role).Append("<|end_header_id|>\n\n");
}
