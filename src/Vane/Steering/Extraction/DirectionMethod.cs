namespace Vane.Steering;

/// <summary>How a direction is computed from the pair activations (docs/methods.md section 2).</summary>
public enum DirectionMethod
{
    /// <summary>CAA's mean difference mean(p - q); not normalised, so strength 1 is one average difference.</summary>
    MeanDifference,
    /// <summary>repeng pca_diff: first principal component of the centred differences p - q; unit length.</summary>
    PcaDiff,
    /// <summary>
    /// repeng pca_center: first principal component of p and q minus their pair midpoint; unit length.
    /// </summary>
    PcaCenter,
    /// <summary>Logistic regression (no intercept) of pair-centred positives against negatives; unit length.</summary>
    Logistic,
}
