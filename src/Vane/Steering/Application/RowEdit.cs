using System.Numerics.Tensors;

namespace Vane.Steering;

/// <summary>The edit of one activation row by one direction, per <see cref="SteeringMode"/>.</summary>
public static class RowEdit
{
    /// <summary>
    /// Edits <paramref name="h"/> [DModel] in place by direction <paramref name="v"/> [DModel]
    /// at strength <paramref name="c"/>; <paramref name="mu"/> is the reference mean for
    /// <see cref="SteeringMode.Affine"/> (empty means zero). A zero direction changes nothing.
    /// </summary>
    public static void Apply(Span<float> h, ReadOnlySpan<float> v, SteeringMode mode, float c, ReadOnlySpan<float> mu)
    {
        float vNorm = TensorPrimitives.Norm(v);
        if (vNorm == 0)
            return;
        switch (mode)
        {
            case SteeringMode.Add:
                AddScaled(h, v, c);
                break;
            case SteeringMode.NormPreservingAdd:
                float before = TensorPrimitives.Norm(h);
                AddScaled(h, v, c);
                float after = TensorPrimitives.Norm(h);
                if (after > 0)
                    TensorPrimitives.Multiply(h, before / after, h);
                break;
            case SteeringMode.Ablate:
                RemoveComponent(h, v, vNorm);
                break;
            case SteeringMode.AblateThenAdd:
                RemoveComponent(h, v, vNorm);
                AddScaled(h, v, c);
                break;
            case SteeringMode.Affine:
                // (mu.u) u = (mu.v / |v|^2) v, read before h changes (mu may alias h)
                float muAlong = mu.IsEmpty ? 0 : TensorPrimitives.Dot(mu, v) / (vNorm * vNorm);
                RemoveComponent(h, v, vNorm);
                AddScaled(h, v, muAlong + c);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown steering mode");
        }
    }

    // h <- h + c v
    static void AddScaled(Span<float> h, ReadOnlySpan<float> v, float c)
    {
        for (int j = 0; j < h.Length; j++)
            h[j] += c * v[j];
    }

    // h <- h - (h.u) u, u = v/|v|
    static void RemoveComponent(Span<float> h, ReadOnlySpan<float> v, float vNorm)
    {
        float along = TensorPrimitives.Dot(h, v) / (vNorm * vNorm);
        AddScaled(h, v, -along);
    }
}
