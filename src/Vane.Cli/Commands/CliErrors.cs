using Vane.Loading;

namespace Vane.Cli.Commands;

/// <summary>Turns failures into one line on stderr and an exit code, without a stack trace.</summary>
public static class CliErrors
{
    /// <summary>Runs <paramref name="action"/>; expected failures print "error: ..." and return 1.</summary>
    public static int Run(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is ModelFormatException or NotSupportedException or ArgumentException
                                       or IOException or UnauthorizedAccessException or InvalidOperationException
                                       or HttpRequestException or FormatException
                                       or Vane.Loading.Hub.HubException)
        {
            Console.Error.WriteLine($"error: {OneLine(e.Message)}");
            return 1;
        }
    }

    static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
