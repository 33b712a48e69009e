using Vane.Tensors;

namespace Vane.Loading.Gguf;

/// <summary>
/// Adds a model's tensors to a <see cref="GgufWriter"/>: a matrix [rows, cols] gets ggml dims
/// [cols, rows] and the target type (F16 where cols is not a whole number of its blocks);
/// vectors are F32; null (absent) tensors are skipped.
/// </summary>
sealed class TensorSink(GgufWriter writer, GgmlType type)
{
    /// <summary>How many matrices were stored as F16 instead of the target type.</summary>
    public int FallBacks { get; private set; }

    /// <summary>Adds <paramref name="m"/>, its rows optionally taken in <paramref name="order"/>.</summary>
    public void Matrix(string name, WeightMatrix m, int[]? order = null)
    {
        float[] values = m.ToArray();
        if (order is not null)
            values = QkPermutation.Apply(values, order, m.Cols);
        Matrix(name, values, m.Rows, m.Cols);
    }

    /// <summary>Adds F32 values [rows, cols] as a matrix.</summary>
    public void Matrix(string name, float[] values, int rows, int cols)
    {
        var stored = type;
        if (type.RowBytes(cols) < 0)
        {
            stored = GgmlType.F16;
            FallBacks++;
        }
        writer.AddTensor(name, stored, [cols, rows], values);
    }

    /// <summary>Adds vector <paramref name="v"/> as F32 (optionally reordered); nothing when null.</summary>
    public void Vector(string name, float[]? v, int[]? order = null)
    {
        if (v is null)
            return;
        writer.AddTensor(name, GgmlType.F32, [v.Length], order is null ? v : QkPermutation.Apply(v, order, 1));
    }
}
