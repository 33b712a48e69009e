namespace Vane.Steering;

/// <summary>
/// How a direction v edits an activation row h (docs/methods.md section 3); c is the
/// strength, u = v/|v|.
/// </summary>
public enum SteeringMode
{
    /// <summary>h + c v.</summary>
    Add,
    /// <summary>h + c v, then rescaled back to the norm h had before.</summary>
    NormPreservingAdd,
    /// <summary>h - (h.u) u: removes the component along v; the strength is not used.</summary>
    Ablate,
    /// <summary>h - (h.u) u + c v: the component along u becomes exactly c|v|.</summary>
    AblateThenAdd,
    /// <summary>h - (h.u) u + (mu.u) u + c v, with mu the layer's reference mean (Marshall et al.).</summary>
    Affine,
}
