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
                                       or Vane.Loading.Hub.HubException or InvalidDataException)
        {
            Console.Error.WriteLine($"error: {OneLine(e)}");
            return 1;
        }
    }

    static string OneLine(Exception e)
    {
        string message = e.Message;
        // ArgumentException appends " (Parameter 'name')": a code name, not the user's flag
        if (e is ArgumentException { ParamName: { } name })
            message = message.Replace($" (Parameter '{name}')", "");
        return message.ReplaceLineEndings(" ");
    }
}
