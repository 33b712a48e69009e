namespace Vane.Steering;

/// <summary>
/// How a per-unit affine map is fitted from source to target activations (docs/methods.md section
/// 6).
/// </summary>
public enum TransportMethod
{
    /// <summary>
    /// Linear-AcT: least squares on the sorted pairs (1-D optimal transport by quantile matching).
    /// </summary>
    Linear,
    /// <summary>Mean shift: beta = 1, alpha = mu_dst - mu_src.</summary>
    Mean,
    /// <summary>Gaussian: beta = sigma_dst / sigma_src, alpha = mu_dst - beta mu_src.</summary>
    Gaussian,
}
