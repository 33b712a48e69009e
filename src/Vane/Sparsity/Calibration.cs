namespace Vane.Sparsity;

/// <summary>
/// Activation statistics of a model over calibration text: everything needed to turn a target
/// sparsity into thresholds for TEAL, WINA and CHESS (docs/methods.md section 7).
/// </summary>
public sealed class Calibration
{
    /// <summary>Spacing of the sparsity grid of <see cref="InputCalibration.ErrorCurve"/>.</summary>
    public const double CurveStep = 0.05;

    /// <summary>Points of an error curve: sparsity 0, 0.05, ..., 0.95.</summary>
    public const int CurvePoints = 20;

    /// <summary>The model the statistics belong to.</summary>
    public required ModelSignature Model { get; init; }

    /// <summary>Calibration tokens run through the model.</summary>
    public required long Tokens { get; init; }

    /// <summary>The text files calibrated on, for the record.</summary>
    public required IReadOnlyList<string> Sources { get; init; }

    /// <summary>
    /// The calibration token ids, kept so that <see cref="PlanRefiner"/> can rerun the same text
    /// with a plan applied without the caller finding the text files again; null in files written
    /// before they were stored (such calibrations give plans that cannot be refined).
    /// </summary>
    public IReadOnlyList<int>? TokenIds { get; init; }

    /// <summary>Per block statistics [NLayers].</summary>
    public required IReadOnlyList<LayerCalibration> Layers { get; init; }
}
