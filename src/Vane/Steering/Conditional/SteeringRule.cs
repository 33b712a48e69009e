namespace Vane.Steering;

/// <summary>
/// "if <see cref="When"/> then add <see cref="Behaviour"/>": the behaviour vector is added
/// (at <see cref="Strength"/>, at <see cref="Layers"/>) only to sequences whose prompt made
/// the expression true.
/// </summary>
/// <param name="When">The expression over condition names.</param>
/// <param name="Behaviour">The behaviour vector, added at hook_resid_post of its blocks.</param>
/// <param name="Strength">Multiple of the vector added; finite.</param>
/// <param name="Layers">Blocks to steer; null means every block of the vector.</param>
public sealed record SteeringRule(
    RuleExpression When,
    SteeringVector Behaviour,
    float Strength = 1f,
    LayerSelection? Layers = null);
