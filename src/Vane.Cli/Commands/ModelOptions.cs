using System.CommandLine;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Vane.Loading;
using Vane.Model;
using Vane.Tokenization;

namespace Vane.Cli.Commands;

/// <summary>The --model option shared by commands, and opening what it names.</summary>
public static class ModelOptions
{
    /// <summary>
    /// A new --model option (a folder, a .gguf file, or org/name[@revision] in the Hugging Face cache).
    /// </summary>
    public static Option<string> Model() => new("--model", "-m")
    {
        Description = "Model folder (Hugging Face layout), .gguf file, or hub id org/name[@revision]",
        Required = true,
    };

    /// <summary>Logs facts to stderr, as ILogger message templates.</summary>
    public static ILoggerFactory Logging() => LoggerFactory.Create(b => b
        .AddConsole(o =>
        {
            o.FormatterName = PlainLogFormatter.FormatterName;
            o.LogToStandardErrorThreshold = LogLevel.Trace;
        })
        .AddConsoleFormatter<PlainLogFormatter, ConsoleFormatterOptions>()
        .SetMinimumLevel(LogLevel.Information));

    /// <summary>Resolves <paramref name="spec"/> to a local folder or .gguf file.</summary>
    public static string ResolveFolder(string spec) => ModelResolution.Resolve(spec);

    /// <summary>Loads the model of a folder or .gguf file.</summary>
    public static TransformerModel LoadModel(string path, ILogger logger) => ModelLoader.Load(path, logger);

    /// <summary>Loads the tokenizer of <paramref name="folder"/>; without one, the error says so and, when
    /// the command has one, which option takes token ids instead.</summary>
    public static TextTokenizer LoadTokenizer(string folder, ILogger logger, string? idsOption = null) =>
        TryLoadTokenizer(folder, logger) ?? throw new IOException(
            $"{folder}: the model has no tokenizer (tokenizer.json, tokenizer.model or GGUF tokenizer keys)" +
            (idsOption is null ? "; this command reads text, so it needs one"
                : $"; give token ids instead ({idsOption})"));

    /// <summary>The tokenizer of a folder or .gguf file, or null when it has none.</summary>
    public static TextTokenizer? TryLoadTokenizer(string path, ILogger logger) =>
        ModelLoader.LoadTokenizer(path, logger);
}
