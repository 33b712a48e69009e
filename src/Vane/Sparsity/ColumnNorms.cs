using Vane.Tensors;

namespace Vane.Sparsity;

/// <summary>Column norms ||W[:, i]||_2 of weight matrices, the WINA channel weights.</summary>
public static class ColumnNorms
{
    /// <summary>
    /// sqrt(sum over <paramref name="matrices"/> of ||W[:, i]||^2) per input channel i [Cols]:
    /// the column norm of the matrices stacked, for inputs that several projections share.
    /// </summary>
    /// <exception cref="ArgumentException">The matrices differ in input width.</exception>
    public static float[] Of(IReadOnlyList<WeightMatrix> matrices)
    {
        int cols = matrices[0].Cols;
        var sums = new double[cols];
        var row = new float[cols];
        foreach (var m in matrices)
        {
            if (m.Cols != cols)
                throw new ArgumentException($"{m.Name} has {m.Cols} inputs, expected {cols}");
            for (int r = 0; r < m.Rows; r++)
            {
                m.ReadRow(r, row);
                for (int i = 0; i < cols; i++)
                    sums[i] += (double)row[i] * row[i];
            }
        }
        return sums.Select(s => (float)Math.Sqrt(s)).ToArray();
    }
}
