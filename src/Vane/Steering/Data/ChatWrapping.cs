using Vane.Tokenization.Chat;

namespace Vane.Steering;

/// <summary>
/// Puts contrast text into a model's chat layout: the user's part as a user turn, then the
/// opened assistant turn, then the start of the assistant's answer.
/// </summary>
public static class ChatWrapping
{
    /// <summary>
    /// The rendered prompt for <paramref name="user"/> followed by <paramref name="assistantStart"/>.
    /// The text may begin with BOS text: encode it with addSpecial false.
    /// </summary>
    public static string Wrap(ChatFormat chat, string user, string assistantStart) =>
        chat.Render([new ChatMessage("user", user)], addGenerationPrompt: true) + assistantStart;

    /// <summary>
    /// Both sides of every pair wrapped as a user turn with no assistant text (for pairs
    /// that are prompts only, such as condition data).
    /// </summary>
    public static IReadOnlyList<ContrastPair> WrapPrompts(ChatFormat chat, IReadOnlyList<ContrastPair> pairs) =>
        pairs.Select(p => new ContrastPair(Wrap(chat, p.Positive, ""), Wrap(chat, p.Negative, ""))).ToList();
}
