using System.Text.RegularExpressions;

namespace Vane.Tokenization.Chat;

/// <summary>
/// Recognises a model's chat template by the markers that distinguish the common families,
/// rather than by running Jinja, and returns the <see cref="ChatFormat"/> that renders the
/// same text. Families: ChatML (Qwen2, SmolLM2), Llama 3 / 3.1 / 3.2, Llama 2, Zephyr.
/// </summary>
public static partial class ChatTemplates
{
    /// <summary>The format for <paramref name="tokenizer"/>'s own chat template.</summary>
    /// <exception cref="InvalidOperationException">The model has no chat template.</exception>
    /// <exception cref="NotSupportedException">The template is of no recognised family.</exception>
    public static ChatFormat For(TextTokenizer tokenizer)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        return Detect(tokenizer.ChatTemplate, tokenizer.BosToken, tokenizer.EosToken);
    }

    /// <summary>The format whose markers appear in <paramref name="template"/>.</summary>
    /// <param name="template">tokenizer_config.json chat_template, or null when there is none.</param>
    /// <param name="bosToken">BOS text, needed by Llama 2 and Llama 3 templates.</param>
    /// <param name="eosToken">EOS text, needed by Llama 2 and Zephyr templates.</param>
    /// <exception cref="InvalidOperationException">No template, or it needs a BOS/EOS text not given.</exception>
    /// <exception cref="NotSupportedException">The template is of no recognised family.</exception>
    public static ChatFormat Detect(string? template, string? bosToken = null, string? eosToken = null)
    {
        if (string.IsNullOrWhiteSpace(template))
            throw new InvalidOperationException(
                "The model has no chat template (tokenizer_config.json chat_template); it is likely a base " +
                "model: give it plain text, or format the prompt yourself.");
        if (template.Contains("<think>", StringComparison.Ordinal))
            throw Unrecognised(template, "templates with <think> reasoning blocks are not supported. ");
        if (template.Contains("<|im_start|>", StringComparison.Ordinal))
            return new ChatMlFormat(DefaultSystem(template));
        if (template.Contains("<|start_header_id|>", StringComparison.Ordinal))
            return new Llama3ChatFormat(
                Need(bosToken, "BOS", "Llama 3"),
                template.Contains("Cutting Knowledge Date", StringComparison.Ordinal));
        if (template.Contains("[INST]", StringComparison.Ordinal)
            && template.Contains("<<SYS>>", StringComparison.Ordinal))
            return new Llama2ChatFormat(Need(bosToken, "BOS", "Llama 2"), Need(eosToken, "EOS", "Llama 2"));
        if (template.Contains("<|user|>", StringComparison.Ordinal)
            && template.Contains("eos_token", StringComparison.Ordinal)
            && !template.Contains("<|end|>", StringComparison.Ordinal))
            return new ZephyrChatFormat(Need(eosToken, "EOS", "Zephyr"));
        throw Unrecognised(template, "");
    }

    // The literal system text a ChatML template writes when the conversation has none, e.g.
    // '<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n' (\n escaped or literal).
    static string? DefaultSystem(string template)
    {
        var m = DefaultSystemPattern().Match(template);
        return m.Success ? m.Groups[1].Value : null;
    }

    [GeneratedRegex(@"<\|im_start\|>system(?:\\n|\n)([^'""{}%]+?)<\|im_end\|>")]
    private static partial Regex DefaultSystemPattern();

    static string Need(string? token, string which, string family) =>
        token ?? throw new InvalidOperationException(
            $"The {family} chat template writes the {which} token, but the tokenizer defines no {which} " +
            $"text (tokenizer_config.json {which.ToLowerInvariant()}_token).");

    static NotSupportedException Unrecognised(string template, string why)
    {
        string firstLine = template.Split('\n', 2)[0];
        if (firstLine.Length > 100)
            firstLine = firstLine[..100] + "...";
        return new NotSupportedException(
            $"Unrecognised chat template (first line: \"{firstLine}\"). {why}Vane renders ChatML, " +
            "Llama 3, Llama 2 and Zephyr templates; format the prompt yourself for other models.");
    }
}
