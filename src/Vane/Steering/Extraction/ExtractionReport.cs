namespace Vane.Steering;

/// <summary>The scores of one block's direction.</summary>
/// <param name="Layer">The block (0-based).</param>
/// <param name="ExplainedVariance">Fraction of variance along the direction (PCA methods), else NaN.</param>
/// <param name="SignAgreement">Fraction of all pairs with proj(p) > proj(q) after the sign vote.</param>
/// <param name="Separation">Held-out accuracy of sign((x - midpoint) . v); NaN when nothing is held out.</param>
/// <param name="Norm">Length of the direction.</param>
public sealed record LayerReport(
    int Layer,
    double ExplainedVariance,
    double SignAgreement,
    double Separation,
    double Norm);

/// <summary>
/// What an extraction did and how well each block's direction separates the data; the same
/// facts are written into the vector's metadata as vane.* keys.
/// </summary>
/// <param name="Method">The direction method.</param>
/// <param name="Site">The site read, e.g. "hook_resid_post".</param>
/// <param name="ReadPosition">The read position, e.g. "last".</param>
/// <param name="NPairs">Pairs used for the final direction (all of them).</param>
/// <param name="NHeldOut">Pairs held out when scoring separation.</param>
/// <param name="DataHash">SHA-256 of the pairs (see <see cref="ContrastPair.Hash"/>).</param>
/// <param name="Layers">One report per block, in block order.</param>
public sealed record ExtractionReport(
    DirectionMethod Method,
    string Site,
    string ReadPosition,
    int NPairs,
    int NHeldOut,
    string DataHash,
    IReadOnlyList<LayerReport> Layers)
{
    /// <summary>The report as metadata keys: vane.method, vane.site, ..., vane.layer.L.separation.</summary>
    public IReadOnlyDictionary<string, string> ToMetadata()
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var m = new Dictionary<string, string>
        {
            ["vane.method"] = MethodName(Method),
            ["vane.site"] = Site,
            ["vane.read_position"] = ReadPosition,
            ["vane.n_pairs"] = NPairs.ToString(inv),
            ["vane.n_held_out"] = NHeldOut.ToString(inv),
            ["vane.data_hash"] = DataHash,
        };
        foreach (var l in Layers)
        {
            if (!double.IsNaN(l.ExplainedVariance))
                m[$"vane.layer.{l.Layer}.explained_variance"] = l.ExplainedVariance.ToString("0.####", inv);
            m[$"vane.layer.{l.Layer}.sign_agreement"] = l.SignAgreement.ToString("0.####", inv);
            if (!double.IsNaN(l.Separation))
                m[$"vane.layer.{l.Layer}.separation"] = l.Separation.ToString("0.####", inv);
        }
        return m;
    }

    /// <summary>The file name of a method: mean_diff, pca_diff, pca_center, logistic.</summary>
    public static string MethodName(DirectionMethod method) => method switch
    {
        DirectionMethod.MeanDifference => "mean_diff",
        DirectionMethod.PcaDiff => "pca_diff",
        DirectionMethod.PcaCenter => "pca_center",
        DirectionMethod.Logistic => "logistic",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
    };
}
