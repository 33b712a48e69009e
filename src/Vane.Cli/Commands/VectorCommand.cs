using System.CommandLine;

namespace Vane.Cli.Commands;

/// <summary>`vane vector`: inspect and combine steering vector files (llama.cpp control vectors).</summary>
public static class VectorCommand
{
    /// <summary>Builds the command and its subcommands.</summary>
    public static Command Create() =>
        new("vector", "Inspect and combine steering vector files (llama.cpp GGUF control vectors)")
        {
            VectorShowCommand.Create(),
            VectorCombineCommand.Create(),
        };
}
