using Vane.Loading;
using Vane.Tensors;

namespace Vane.Tests.Loading;

/// <summary>Copies and rewrites of shared models, for dtype and bad-input tests.</summary>
public static class ModelFixtures
{
    /// <summary>Copies the files of <paramref name="source"/> but the weights into <paramref name="dest"/>.</summary>
    public static void CopyFolder(string source, string dest, bool includeWeights = false)
    {
        Directory.CreateDirectory(dest);
        foreach (string f in Directory.GetFiles(source))
            if (includeWeights || !f.EndsWith(".safetensors"))
                File.Copy(f, Path.Combine(dest, Path.GetFileName(f)), overwrite: true);
    }

    /// <summary>Rewrites every tensor of <paramref name="sourceFile"/> as <paramref name="dtype"/>.</summary>
    public static void ConvertWeights(string sourceFile, string destFile, DType dtype)
    {
        using var src = SafeTensorsFile.Open(sourceFile);
        var tensors = src.Tensors.Values.OrderBy(t => t.Offset)
            .Select(t => new TensorToWrite(t.Name, t.Shape, src.ReadFloats(t.Name, t.Shape), dtype))
            .ToList();
        SafeTensorsWriter.Write(destFile, tensors);
    }
}
