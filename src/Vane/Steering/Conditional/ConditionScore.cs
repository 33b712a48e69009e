using System.Numerics.Tensors;

namespace Vane.Steering;

/// <summary>The CAST similarity s of a prompt to a condition vector (docs/methods.md section 4).</summary>
public static class ConditionScore
{
    /// <summary>
    /// s = cos(hbar, tanh(proj_c hbar)) with proj_c = c c^T / (c^T c): the cosine between the
    /// aggregated prompt activation <paramref name="hbar"/> [DModel] and its squashed projection
    /// onto <paramref name="c"/> [DModel]. In [-1, 1]; 0 when either vector is zero.
    /// </summary>
    public static float Similarity(ReadOnlySpan<float> hbar, ReadOnlySpan<float> c)
    {
        if (hbar.Length != c.Length)
            throw new ArgumentException($"hbar has {hbar.Length} values, the condition vector {c.Length}");
        float cc = TensorPrimitives.Dot(c, c);
        if (cc == 0)
            return 0;

        // p = tanh((c . hbar / c . c) c)
        float along = TensorPrimitives.Dot(c, hbar) / cc;
        var p = new float[c.Length];
        TensorPrimitives.Multiply(c, along, p);
        TensorPrimitives.Tanh(p, p);

        float norms = TensorPrimitives.Norm(hbar) * TensorPrimitives.Norm<float>(p);
        return norms == 0 ? 0 : TensorPrimitives.Dot(hbar, p) / norms;
    }

    /// <summary>
    /// Whether <paramref name="s"/> meets <paramref name="threshold"/> in <paramref name="direction"/>.
    /// </summary>
    public static bool Meets(float s, float threshold, ConditionDirection direction) =>
        direction == ConditionDirection.Above ? s > threshold : s < threshold;
}
