using Vane.Hooks;

namespace Vane.Steering;

/// <summary>How <see cref="SteeringHooks.Apply"/> uses a vector.</summary>
public sealed record SteeringOptions
{
    /// <summary>The edit made to each row; plain addition by default.</summary>
    public SteeringMode Mode { get; init; } = SteeringMode.Add;

    /// <summary>
    /// The multiple c of the vector added (finite; negative steers away). For a mean-difference
    /// vector 1 is one average difference; for unit (PCA) vectors it is in activation units.
    /// </summary>
    public float Strength { get; init; } = 1f;

    /// <summary>Blocks to steer; null means every block the vector has.</summary>
    public LayerSelection? Layers { get; init; }

    /// <summary>The block site edited; hook_resid_post by default.</summary>
    public BlockSite Site { get; init; } = BlockSite.ResidPost;

    /// <summary>Rows edited; every row by default.</summary>
    public SteeringPositions Positions { get; init; } = SteeringPositions.All;

    /// <summary>
    /// For <see cref="SteeringMode.Affine"/>: the reference mean activation mu of each steered
    /// block [DModel]; a block without one uses mu = 0.
    /// </summary>
    public IReadOnlyDictionary<int, float[]>? ReferenceMean { get; init; }
}
