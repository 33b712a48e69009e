using System.Globalization;
using Vane.Hooks;
using Vane.Model;
using Vane.Steering;

namespace Vane.Cli.Commands;

/// <summary>
/// A --transport value: FILE[:LAMBDA], e.g. "sea.safetensors" or "sea.safetensors:0.5"; lambda
/// defaults to 1.
/// </summary>
/// <param name="Path">The transport file.</param>
/// <param name="Lambda">Strength in [0, 1].</param>
public sealed record TransportSpec(string Path, float Lambda)
{
    /// <summary>Parses one --transport value; errors name the value.</summary>
    /// <exception cref="ArgumentException">A strength that is not a number in [0, 1].</exception>
    public static TransportSpec Parse(string text)
    {
        string path = text;
        float lambda = 1f;
        int colon = text.LastIndexOf(':');
        if (colon > 0 && !File.Exists(text))
        {
            string tail = text[(colon + 1)..];
            if (!float.TryParse(tail, NumberStyles.Float, CultureInfo.InvariantCulture, out lambda))
                throw new ArgumentException($"--transport '{text}': '{tail}' is not a strength");
            path = text[..colon];
        }
        if (!(lambda >= 0 && lambda <= 1))
            throw new ArgumentException($"--transport '{text}': lambda {lambda} is outside [0, 1]");
        return new TransportSpec(path, lambda);
    }

    /// <summary>
    /// Reads the file (checked against <paramref name="config"/>) and registers it on <paramref
    /// name="hooks"/>.
    /// </summary>
    public IDisposable Apply(HookSet hooks, ModelConfig config) =>
        TransportHooks.Apply(hooks, TransportFile.Read(Path, config), Lambda);
}
