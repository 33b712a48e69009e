namespace Vane.Sparsity;

/// <summary>Calibration statistics of one projection input of one block.</summary>
public sealed class InputCalibration
{
    /// <summary>Distribution of |x| over calibration tokens (TEAL).</summary>
    public required MagnitudeHistogram Magnitudes { get; init; }

    /// <summary>Distribution of the WINA score |x_i| * ColumnNorms[i].</summary>
    public required MagnitudeHistogram WinaScores { get; init; }

    /// <summary>
    /// Column norms of the matrices reading this input [width]: for a shared input (q/k/v,
    /// gate/up) the norm of the stacked columns, sqrt(sum over matrices of ||W[:, i]||^2).
    /// </summary>
    public required float[] ColumnNorms { get; init; }

    /// <summary>
    /// Relative output error of the matrices reading this input when it is TEAL-masked at
    /// sparsity <see cref="Calibration.CurveStep"/> * g [CurvePoints]: sum ||W d||^2 / sum ||W x||^2
    /// over sampled rows, d the zeroed part of x. Used by greedy allocation.
    /// </summary>
    public required double[] ErrorCurve { get; init; }
}
