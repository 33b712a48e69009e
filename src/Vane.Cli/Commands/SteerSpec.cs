using Vane.Hooks;
using Vane.Model;
using Vane.Steering;
using Vane.Steering.Files;

namespace Vane.Cli.Commands;

/// <summary>
/// A --steer value: FILE[:STRENGTH][@LAYERS], e.g. "vector.gguf", "sea.gguf:0.5",
/// "all.gguf:0.25@2..3". Strength defaults to 1; layers default to every block in the file.
/// </summary>
/// <param name="Path">The control-vector file.</param>
/// <param name="Strength">Multiplier, finite.</param>
/// <param name="Layers">Blocks to apply at, or null for all blocks of the file.</param>
public sealed record SteerSpec(string Path, float Strength, LayerSelection? Layers)
{
    /// <summary>Parses one --steer value; errors name the value.</summary>
    public static SteerSpec Parse(string text)
    {
        string rest = text;
        LayerSelection? layers = null;
        int at = rest.LastIndexOf('@');
        if (at > 0)
        {
            layers = LayerSelection.Parse(rest[(at + 1)..]);
            rest = rest[..at];
        }
        float strength = 1f;
        int colon = rest.LastIndexOf(':');
        if (colon > 0 && float.TryParse(rest[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture,
                out float s))
        {
            strength = s;
            rest = rest[..colon];
        }
        else if (colon > 0 && !File.Exists(rest))
            throw new ArgumentException($"--steer '{text}': '{rest[(colon + 1)..]}' is not a strength");
        if (!float.IsFinite(strength))
            throw new ArgumentException($"--steer '{text}': strength {strength} is not a finite number");
        return new SteerSpec(rest, strength, layers);
    }

    /// <summary>
    /// Loads the vector (checked against <paramref name="config"/>) and registers it on
    /// <paramref name="hooks"/>.
    /// </summary>
    public IDisposable Apply(HookSet hooks, ModelConfig config)
    {
        var vector = ControlVectorFile.Read(Path, config);
        return SteeringHooks.Apply(hooks, vector, new SteeringOptions { Strength = Strength, Layers = Layers });
    }
}
