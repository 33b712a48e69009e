namespace Vane.Tokenization.Chat;

/// <summary>
/// A model family's chat prompt layout, rendering messages exactly as the family's Jinja
/// chat template does. <see cref="ChatTemplates.Detect"/> picks one from a template's text.
/// </summary>
public abstract record ChatFormat
{
    /// <summary>Short name of the family, e.g. "ChatML".</summary>
    public abstract string Name { get; }

    /// <summary>
    /// The prompt text for <paramref name="messages"/>. It may begin with the BOS token's text,
    /// as the template writes it: encode it with addSpecial false so BOS is not doubled.
    /// </summary>
    /// <param name="messages">The conversation so far.</param>
    /// <param name="addGenerationPrompt">Whether to open an assistant turn for the model to write.</param>
    public abstract string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt = true);

    /// <summary>The system message's content when the conversation starts with one, else null.</summary>
    protected static string? LeadingSystem(IReadOnlyList<ChatMessage> messages) =>
        messages.Count > 0 && messages[0].Role == "system" ? messages[0].Content : null;
}
