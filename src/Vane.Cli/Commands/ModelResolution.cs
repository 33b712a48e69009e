namespace Vane.Cli.Commands;

/// <summary>Turns a --model value into a local folder.</summary>
public static class ModelResolution
{
    /// <summary>A local folder is used as is.</summary>
    public static string Resolve(string spec)
    {
        if (Directory.Exists(spec))
            return spec;
        throw new IOException($"{spec}: model folder not found");
    }
}
