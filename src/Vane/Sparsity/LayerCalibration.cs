namespace Vane.Sparsity;

/// <summary>Calibration statistics of one block: its four inputs and the CHESS MLP statistics.</summary>
public sealed class LayerCalibration
{
    /// <summary>Statistics per input, indexed by <see cref="SparseInput"/> [4].</summary>
    public required InputCalibration[] Inputs { get; init; }

    /// <summary>E|up_j| per MLP channel over calibration tokens [DMlp] (1 for models without a gate).</summary>
    public required float[] MeanAbsUp { get; init; }

    /// <summary>Distribution of the CHESS importance |act(gate)_j| * E|up_j| over sampled tokens.</summary>
    public required MagnitudeHistogram ChessImportance { get; init; }

    /// <summary>The statistics of <paramref name="input"/>.</summary>
    public InputCalibration this[SparseInput input] => Inputs[(int)input];
}
