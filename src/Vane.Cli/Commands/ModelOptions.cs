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
    /// <summary>A new --model option (a folder, or org/name[@revision] in the Hugging Face cache).</summary>
    public static Option<string> Model() => new("--model", "-m")
    {
        Description = "Model folder (Hugging Face layout) or hub id org/name[@revision]",
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

    /// <summary>Resolves <paramref name="spec"/> to a local folder.</summary>
    public static string ResolveFolder(string spec) => ModelResolution.Resolve(spec);

    /// <summary>Loads the model of <paramref name="folder"/>.</summary>
    public static TransformerModel LoadModel(string folder, ILogger logger) => HfModelLoader.Load(folder, logger);

    /// <summary>Loads the tokenizer of <paramref name="folder"/>; without one, says to pass token ids.</summary>
    public static TextTokenizer LoadTokenizer(string folder, ILogger logger) =>
        TryLoadTokenizer(folder, logger) ?? throw new IOException(
            $"{folder}: the model has no tokenizer (tokenizer.json or tokenizer.model); give token ids instead " +
            "(--prompt-ids)");

    /// <summary>The tokenizer of <paramref name="folder"/>, or null when it has no tokenizer file.</summary>
    public static TextTokenizer? TryLoadTokenizer(string folder, ILogger logger) =>
        File.Exists(Path.Combine(folder, TokenizerLoader.TokenizerJsonFile))
        || File.Exists(Path.Combine(folder, TokenizerLoader.SentencePieceFile))
            ? TokenizerLoader.Load(folder, logger)
            : null;
}
