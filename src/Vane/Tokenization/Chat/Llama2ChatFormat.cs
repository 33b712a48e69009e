using System.Text;

namespace Vane.Tokenization.Chat;

/// <summary>
/// Llama 2 chat: <c>&lt;s&gt;[INST] user [/INST] assistant &lt;/s&gt;</c> per exchange, the system
/// message folded into the first user turn inside <c>&lt;&lt;SYS&gt;&gt;</c> markers. Roles must
/// alternate user, assistant, user, ... after an optional system message. The template has no
/// generation prompt: the text after "[/INST]" is where the model answers.
/// </summary>
/// <param name="BosToken">BOS text, e.g. "&lt;s&gt;".</param>
/// <param name="EosToken">EOS text, e.g. "&lt;/s&gt;".</param>
public sealed record Llama2ChatFormat(string BosToken, string EosToken) : ChatFormat
{
    /// <inheritdoc/>
    public override string Name => "Llama 2";

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">Roles do not alternate user/assistant.</exception>
    public override string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt = true)
    {
        string? system = LeadingSystem(messages);
        var turns = messages.Skip(system is null ? 0 : 1).ToList();
        var text = new StringBuilder();
        for (int i = 0; i < turns.Count; i++)
        {
            string expected = i % 2 == 0 ? "user" : "assistant";
            if (turns[i].Role != expected)
                throw new ArgumentException(
                    $"Llama 2 chat: message {i + (system is null ? 0 : 1)} has role '{turns[i].Role}', " +
                    $"expected '{expected}'; roles must alternate user/assistant/user/assistant/...",
                    nameof(messages));
            string content = i == 0 && system is not null
                ? $"<<SYS>>\n{system}\n<</SYS>>\n\n{turns[i].Content}"
                : turns[i].Content;
            if (expected == "user")
                text.Append(BosToken).Append("[INST] ").Append(content.Trim()).Append(" [/INST]");
            else
                text.Append(' ').Append(content.Trim()).Append(' ').Append(EosToken);
        }
        return text.ToString();
    }
}
