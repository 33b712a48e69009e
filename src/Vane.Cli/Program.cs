using System.CommandLine;
using System.CommandLine.Parsing;
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
            ConvertCommand.Create(),
            SteerCommand.Create(),
            AbCommand.Create(),
            VectorCommand.Create(),
            TransportCommand.Create(),
            ConditionCommand.Create(),
            SparsifyCommand.Create(),
        };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // parse errors go to stderr as one line each; stdout stays for generated text
            foreach (var error in parsed.Errors)
                Console.Error.WriteLine($"error: {error.Message}");
            var names = new List<string>(); // the command's path below the root, e.g. "sparsify plan"
            for (var c = parsed.CommandResult; c is not null && c.Command != root; c = c.Parent as CommandResult)
                names.Insert(0, c.Command.Name);
            Console.Error.WriteLine($"see 'vane {string.Concat(names.Select(n => n + " "))}--help'");
            return 2;
        }
        return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
    }
}
