using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Vane.Cli.Commands;

/// <summary>Writes each log entry as "vane: message" (warnings and errors say so).</summary>
public sealed class PlainLogFormatter() : ConsoleFormatter(FormatterName)
{
    /// <summary>The name to select this formatter by.</summary>
    public const string FormatterName = "vane-plain";

    /// <summary>Writes one entry on one line.</summary>
    public override void Write<TState>(in LogEntry<TState> entry, IExternalScopeProvider? scopes, TextWriter writer)
    {
        string message = entry.Formatter(entry.State, entry.Exception);
        string level = entry.LogLevel >= LogLevel.Warning ? entry.LogLevel.ToString().ToLowerInvariant() + ": " : "";
        writer.WriteLine($"vane: {level}{message}");
    }
}
