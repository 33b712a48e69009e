using System.CommandLine;
using System.Globalization;
using Vane.Steering;
using Vane.Steering.Files;

namespace Vane.Cli.Commands;

/// <summary>`vane vector show FILE`: blocks, widths and norms of a vector file, its hint and provenance.</summary>
public static class VectorShowCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "A control vector .gguf file" };
        var cmd = new Command("show", "Print the blocks, widths and norms of a vector file") { file };
        cmd.SetAction(r => CliErrors.Run(() => Run(r.GetValue(file)!)));
        return cmd;
    }

    static int Run(string path)
    {
        var v = ControlVectorFile.Read(path);
        Console.Out.Write(Format(path, v));
        return 0;
    }

    /// <summary>The table printed by `vane vector show`.</summary>
    public static string Format(string path, SteeringVector v)
    {
        var inv = CultureInfo.InvariantCulture;
        var w = new StringWriter(inv);
        w.WriteLine($"file:       {path}");
        w.WriteLine($"model hint: {v.ModelHint ?? "(none)"}");
        w.WriteLine($"width:      {v.DModel}");
        w.WriteLine($"blocks:     {v.Directions.Count} (added at blocks.L.hook_resid_post)");
        w.WriteLine();
        w.WriteLine($"{"block",5}  {"tensor",-14} {"width",6}  {"norm",10}");
        foreach (var (block, d) in v.Directions)
        {
            double norm = Math.Sqrt(d.Sum(x => (double)x * x));
            w.WriteLine(string.Format(inv, "{0,5}  {1,-14} {2,6}  {3,10:F4}",
                block, ControlVectorFile.TensorName(block), d.Length, norm));
        }
        if (v.Metadata.Count > 0)
        {
            w.WriteLine();
            foreach (var (key, value) in v.Metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                w.WriteLine($"{ControlVectorFile.MetadataPrefix}{key} = {value}");
        }
        return w.ToString();
    }
}
