namespace Vane.Sparsity;

/// <summary>
/// The seven linear layers of a block, as the readers of the four <see cref="SparseInput"/>s:
/// an <see cref="InputRule"/> can mask an input for some of its readers only (CHESS: q, not k or v).
/// </summary>
public enum Projection
{
    /// <summary>q_proj, reads <see cref="SparseInput.Qkv"/>.</summary>
    Q,
    /// <summary>k_proj, reads <see cref="SparseInput.Qkv"/>.</summary>
    K,
    /// <summary>v_proj, reads <see cref="SparseInput.Qkv"/>.</summary>
    V,
    /// <summary>o_proj, reads <see cref="SparseInput.O"/>.</summary>
    O,
    /// <summary>gate_proj (SwiGLU only), reads <see cref="SparseInput.GateUp"/>.</summary>
    Gate,
    /// <summary>up_proj (GPT-2's c_fc), reads <see cref="SparseInput.GateUp"/>.</summary>
    Up,
    /// <summary>down_proj (GPT-2's c_proj), reads <see cref="SparseInput.Down"/>.</summary>
    Down,
}
