using System.Text.Json;
using Vane.Tensors;

namespace Vane.Loading;

/// <summary>
/// The tensors of a Hugging Face checkpoint folder: model.safetensors, or the shards
/// listed by model.safetensors.index.json, looked up by tensor name.
/// </summary>
public sealed class HfCheckpoint : IDisposable
{
    readonly List<SafeTensorsFile> _files = new();
    readonly Dictionary<string, SafeTensorsFile> _byTensor = new();

    /// <summary>The folder.</summary>
    public string Folder { get; }

    /// <summary>Opens the safetensors files of <paramref name="folder"/>.</summary>
    public HfCheckpoint(string folder)
    {
        Folder = folder;
        string single = Path.Combine(folder, "model.safetensors");
        string index = Path.Combine(folder, "model.safetensors.index.json");
        try
        {
            if (File.Exists(index))
                OpenShards(index);
            else if (File.Exists(single))
                Add(SafeTensorsFile.Open(single));
            else
                throw new ModelFormatException(single, null,
                    "file not found (expected model.safetensors or model.safetensors.index.json)");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    void OpenShards(string index)
    {
        Dictionary<string, string> map;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(index));
            if (!doc.RootElement.TryGetProperty("weight_map", out var wm) || wm.ValueKind != JsonValueKind.Object)
                throw new ModelFormatException(index, "weight_map", "missing (expected an object of tensor -> file)");
            map = wm.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");
        }
        catch (JsonException e)
        {
            throw new ModelFormatException(index, null, $"not valid JSON: {e.Message}", e);
        }
        foreach (string shard in map.Values.Distinct())
        {
            if (shard.Contains("..") || Path.IsPathRooted(shard))
                throw new ModelFormatException(index, "weight_map", $"shard path '{shard}' leaves the folder");
            Add(SafeTensorsFile.Open(Path.Combine(Folder, shard)));
        }
        foreach (var (tensor, shard) in map)
            if (!_byTensor.ContainsKey(tensor))
                throw new ModelFormatException(Path.Combine(Folder, shard), tensor,
                    $"listed in {Path.GetFileName(index)} but not in the shard");
    }

    void Add(SafeTensorsFile file)
    {
        _files.Add(file);
        foreach (string name in file.Tensors.Keys)
            _byTensor[name] = file;
    }

    /// <summary>Whether a tensor of that name exists.</summary>
    public bool Contains(string name) => _byTensor.ContainsKey(name);

    /// <summary>All tensor names.</summary>
    public IEnumerable<string> Names => _byTensor.Keys;

    /// <summary>The file that holds <paramref name="name"/>, or an error naming the folder and tensor.</summary>
    public SafeTensorsFile FileOf(string name) =>
        _byTensor.TryGetValue(name, out var f)
            ? f
            : throw new ModelFormatException(_files.Count == 1 ? _files[0].Path : Folder, name,
                "tensor not found (is this the right architecture?)");

    /// <summary>A [rows, cols] matrix over the mapped file.</summary>
    public WeightMatrix Matrix(string name, int rows, int cols) => FileOf(name).Matrix(name, rows, cols);

    /// <summary>A tensor converted to F32, checked against <paramref name="shape"/>.</summary>
    public float[] Floats(string name, params long[] shape) => FileOf(name).ReadFloats(name, shape);

    /// <summary>
    /// A matrix stored input-major [cols, rows] (GPT-2's Conv1D), transposed into a new
    /// F32 [rows, cols] matrix.
    /// </summary>
    public WeightMatrix TransposedMatrix(string name, int rows, int cols)
    {
        float[] stored = Floats(name, cols, rows); // [cols, rows]
        var t = new float[stored.Length];
        for (int c = 0; c < cols; c++)
            for (int r = 0; r < rows; r++)
                t[(long)r * cols + c] = stored[(long)c * rows + r];
        return WeightMatrix.FromArray(name, t, rows, cols);
    }

    /// <summary>Unmaps every file.</summary>
    public void Dispose()
    {
        foreach (var f in _files)
            f.Dispose();
    }
}
