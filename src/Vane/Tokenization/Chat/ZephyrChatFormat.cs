using System.Text;

namespace Vane.Tokenization.Chat;

/// <summary>
/// Zephyr, as in TinyLlama-Chat: <c>&lt;|role|&gt;\ncontent&lt;/s&gt;\n</c> per message and
/// <c>&lt;|assistant|&gt;\n</c> as the generation prompt.
/// </summary>
/// <param name="EosToken">EOS text ending each message, e.g. "&lt;/s&gt;".</param>
public sealed record ZephyrChatFormat(string EosToken) : ChatFormat
{
    /// <inheritdoc/>
    public override string Name => "Zephyr";

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">A role other than system, user or assistant.</exception>
    public override string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt = true)
    {
        var text = new StringBuilder();
        for (int i = 0; i < messages.Count; i++)
        {
            var m = messages[i];
            if (m.Role is not ("system" or "user" or "assistant"))
                throw new ArgumentException(
                    $"Zephyr chat: message {i} has role '{m.Role}', expected system, user or assistant " +
                    "(the template leaves other roles out)", nameof(messages));
            text.Append("<|").Append(m.Role).Append("|>\n").Append(m.Content).Append(EosToken).Append('\n');
        }
        if (addGenerationPrompt && messages.Count > 0)
            text.Append("<|assistant|>\n");
        return text.ToString();
    }
}
