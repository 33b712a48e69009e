using System.Diagnostics;
using Vane.Loading;
using Vane.Tensors;

/// <summary>Writes a random checkpoint in the shape of a real model, for `vane bench`.</summary>
static class RandomModelCommand
{
    /// <summary>Writes shape <paramref name="shape"/> into <paramref name="folder"/>; returns the exit code.</summary>
    public static int Run(string shape, string folder, string dtypeName)
    {
        if (!RandomCheckpoint.Shapes.TryGetValue(shape, out var config))
        {
            string known = string.Join(", ", RandomCheckpoint.Shapes.Keys);
            Console.Error.WriteLine($"unknown shape '{shape}'; known: {known}");
            return 2;
        }
        DType dtype = dtypeName.ToLowerInvariant() switch
        {
            "f32" => DType.F32,
            "f16" => DType.F16,
            "bf16" => DType.BF16,
            _ => throw new ArgumentException($"dtype '{dtypeName}': expected f32, f16 or bf16"),
        };
        var sw = Stopwatch.StartNew();
        RandomCheckpoint.Write(folder, config, dtype);
        Console.WriteLine($"wrote {shape} ({config}) as {dtype} to {folder} in {sw.Elapsed.TotalSeconds:F1} s");
        return 0;
    }
}
