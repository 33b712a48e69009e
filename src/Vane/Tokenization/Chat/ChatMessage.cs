namespace Vane.Tokenization.Chat;

/// <summary>One turn of a conversation.</summary>
/// <param name="Role">"system", "user" or "assistant" (ChatML and Llama 3 accept other roles too).</param>
/// <param name="Content">The text of the turn.</param>
public sealed record ChatMessage(string Role, string Content);
