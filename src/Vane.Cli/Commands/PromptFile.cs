using System.Text.Json;

namespace Vane.Cli.Commands;

/// <summary>Reads prompt files: plain text (one prompt per line) or JSONL with a "text" field.</summary>
public static class PromptFile
{
    /// <summary>The prompts of <paramref name="path"/>; errors name the file and line.</summary>
    public static List<string> Read(string path)
    {
        if (!File.Exists(path))
            throw new IOException($"{path}: prompt file not found");
        var prompts = new List<string>();
        int lineNo = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            if (!line.TrimStart().StartsWith('{'))
            {
                prompts.Add(line);
                continue;
            }
            try
            {
                using var doc = JsonDocument.Parse(line);
                if (!doc.RootElement.TryGetProperty("text", out var t) || t.ValueKind != JsonValueKind.String)
                    throw new FormatException($"{path}:{lineNo}: JSON line has no string field \"text\"");
                prompts.Add(t.GetString()!);
            }
            catch (JsonException e)
            {
                string reason = e.Message.Split(" Path:")[0].Split(" LineNumber:")[0].TrimEnd('.', ' ');
                throw new FormatException($"{path}:{lineNo}: not valid JSON ({reason})");
            }
        }
        if (prompts.Count == 0)
            throw new FormatException($"{path}: no prompts in the file");
        return prompts;
    }
}
