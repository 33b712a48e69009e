namespace Vane.Steering;

/// <summary>The per-row kernel of activation transport.</summary>
public static class TransportEdit
{
    /// <summary>
    /// Moves each unit of <paramref name="row"/> [Width] that lies inside its source range a share
    /// <paramref name="lambda"/> of the way to its image: z' = lambda (beta z + alpha) + (1 - lambda) z.
    /// Units outside the range stay as they are; lambda = 0 leaves the row bit-identical.
    /// </summary>
    public static void Apply(Span<float> row, SiteTransport map, float lambda)
    {
        if (row.Length != map.Width)
            throw new ArgumentException($"{map.Site}: row has width {row.Length}, the map {map.Width}");
        ReadOnlySpan<float> beta = map.Beta, alpha = map.Alpha, min = map.RangeMin, max = map.RangeMax;
        for (int j = 0; j < row.Length; j++)
        {
            float z = row[j];
            if (z >= min[j] && z <= max[j])
                row[j] = z + lambda * (beta[j] * z + alpha[j] - z);
        }
    }
}
