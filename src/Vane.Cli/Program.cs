using System.CommandLine;
using Vane.Cli.Commands;

namespace Vane.Cli;

/// <summary>The `vane` command line.</summary>
public static class Program
{
    /// <summary>Parses <paramref name="args"/> and runs the command; returns the exit code.</summary>
    public static int Main(string[] args)
    {
        var root = new RootCommand("Vane: read, steer and sparsify the activations of transformer language models.")
        {
            GenerateCommand.Create(),
            CaptureCommand.Create(),
            BenchCommand.Create(),
        };
        return root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
    }
}
