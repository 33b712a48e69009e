namespace Vane.Sparsity;

/// <summary>The training-free activation sparsity methods of docs/methods.md section 7.</summary>
public enum SparsityMethod
{
    /// <summary>TEAL with the same sparsity at every projection input (|x| quantile).</summary>
    TealUniform,
    /// <summary>TEAL with per-block greedy allocation across the four inputs.</summary>
    TealGreedy,
    /// <summary>WINA: threshold on |x_i| * ||W[:, i]||.</summary>
    Wina,
    /// <summary>CHESS: channel-wise MLP thresholds on act(gate); attention q and o inputs only.</summary>
    Chess,
}
