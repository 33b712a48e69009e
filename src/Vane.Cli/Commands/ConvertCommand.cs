using System.CommandLine;
using Microsoft.Extensions.Logging;
using Vane.Loading.Gguf;

namespace Vane.Cli.Commands;

/// <summary>`vane convert`: a Hugging Face model to a GGUF file that llama.cpp and Vane load.</summary>
public static class ConvertCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var model = ModelOptions.Model();
        var output = new Option<string>("--out", "-o") { Description = "Output .gguf file", Required = true };
        var type = new Option<string>("--type")
        {
            Description = "Type of the weight matrices: f32, f16, bf16 or q8_0 (norms and biases stay f32)",
            DefaultValueFactory = _ => "f32",
        };
        var cmd = new Command("convert", "Write a Hugging Face model as a GGUF file") { model, output, type };
        cmd.SetAction(r => CliErrors.Run(() => Run(r.GetValue(model)!, r.GetValue(output)!, r.GetValue(type)!)));
        return cmd;
    }

    static int Run(string modelSpec, string output, string typeName)
    {
        GgmlType type = typeName.ToLowerInvariant() switch
        {
            "f32" => GgmlType.F32,
            "f16" => GgmlType.F16,
            "bf16" => GgmlType.BF16,
            "q8_0" => GgmlType.Q8_0,
            _ => throw new ArgumentException($"--type is '{typeName}', expected f32, f16, bf16 or q8_0"),
        };
        if (!output.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"--out '{output}' should end in .gguf");
        using var logging = ModelOptions.Logging();
        var log = logging.CreateLogger("vane");
        string folder = ModelOptions.ResolveFolder(modelSpec);
        if (!Directory.Exists(folder))
            throw new ArgumentException($"{modelSpec}: convert reads a Hugging Face folder or hub id");
        HfToGguf.Convert(folder, output, type, log);
        log.LogInformation("Wrote {Path} ({Bytes} MB)", output, new FileInfo(output).Length >> 20);
        return 0;
    }
}
