namespace Vane.Steering;

/// <summary>
/// A steering vector: one direction [DModel] per block, applied at that block's
/// hook_resid_post unless stated otherwise (docs/methods.md section 1). Values, not
/// references: arithmetic returns new vectors, so a*v1 + b*v2 is itself a vector.
/// </summary>
public sealed class SteeringVector
{
    readonly SortedDictionary<int, float[]> _directions;

    /// <summary>Width of every direction (the model's DModel).</summary>
    public int DModel { get; }

    /// <summary>Directions by block index (0-based), each [DModel].</summary>
    public IReadOnlyDictionary<int, float[]> Directions => _directions;

    /// <summary>The model the vector was made for (GGUF controlvector.model_hint), or null.</summary>
    public string? ModelHint { get; init; }

    /// <summary>Provenance and metrics (written as GGUF keys "vane.*"); free-form strings.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>Creates a vector; every direction must be [<paramref name="dModel"/>] and finite.</summary>
    public SteeringVector(int dModel, IReadOnlyDictionary<int, float[]> directions)
    {
        if (dModel <= 0)
            throw new ArgumentOutOfRangeException(nameof(dModel), $"width is {dModel}, expected > 0");
        _directions = new SortedDictionary<int, float[]>();
        foreach (var (layer, d) in directions)
        {
            if (layer < 0)
                throw new ArgumentException($"block {layer}: a vector's blocks are 0-based indices");
            if (d.Length != dModel)
                throw new ArgumentException($"block {layer}: direction has {d.Length} values, expected {dModel}");
            for (int i = 0; i < d.Length; i++)
                if (!float.IsFinite(d[i]))
                    throw new ArgumentException($"block {layer}: value {i} is {d[i]}, expected a finite number");
            _directions[layer] = (float[])d.Clone();
        }
        DModel = dModel;
    }

    /// <summary>This vector times <paramref name="c"/> (provenance kept).</summary>
    public SteeringVector Scale(float c)
    {
        if (!float.IsFinite(c))
            throw new ArgumentException($"strength {c} is not a finite number");
        return new SteeringVector(DModel,
            _directions.ToDictionary(kv => kv.Key, kv => kv.Value.Select(v => v * c).ToArray()))
        {
            ModelHint = ModelHint,
            Metadata = Metadata,
        };
    }

    /// <summary>The sum of weighted vectors (blocks missing in one count as zero there).</summary>
    public static SteeringVector Combine(IReadOnlyList<(SteeringVector Vector, float Weight)> terms)
    {
        if (terms.Count == 0)
            throw new ArgumentException("nothing to combine");
        int d = terms[0].Vector.DModel;
        var sum = new Dictionary<int, float[]>();
        foreach (var (v, w) in terms)
        {
            if (v.DModel != d)
                throw new ArgumentException($"vectors differ in width: {d} and {v.DModel}");
            if (!float.IsFinite(w))
                throw new ArgumentException($"weight {w} is not a finite number");
            foreach (var (layer, dir) in v.Directions)
            {
                if (!sum.TryGetValue(layer, out var acc))
                    sum[layer] = acc = new float[d];
                for (int i = 0; i < d; i++)
                    acc[i] += w * dir[i];
            }
        }
        return new SteeringVector(d, sum) { ModelHint = terms[0].Vector.ModelHint };
    }
}
