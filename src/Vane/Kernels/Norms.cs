namespace Vane.Kernels;

/// <summary>Argument checks shared by the row-wise normalisations.</summary>
internal static class Norms
{
    /// <summary>Throws unless x and y hold at least rows x d values.</summary>
    public static void CheckRows(int xLength, int yLength, int rows, int d)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        if (xLength < (long)rows * d)
            throw new ArgumentException($"x has {xLength} values, expected {rows} x {d}", "x");
        if (yLength < (long)rows * d)
            throw new ArgumentException($"y has {yLength} values, expected {rows} x {d}", "y");
    }
}
