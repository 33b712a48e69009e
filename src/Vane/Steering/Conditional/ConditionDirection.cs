namespace Vane.Steering;

/// <summary>
/// Which side of the threshold meets a condition (docs/methods.md section 4). Named by what
/// it means; IBM's "larger" comparator is <see cref="Below"/>.
/// </summary>
public enum ConditionDirection
{
    /// <summary>The condition holds when s &gt; theta.</summary>
    Above,

    /// <summary>The condition holds when s &lt; theta.</summary>
    Below,
}

/// <summary>How the prompt's activations at a condition block become one vector hbar.</summary>
public enum ConditionAggregation
{
    /// <summary>The mean over every prompt token (the default, as the vector is extracted).</summary>
    Mean,

    /// <summary>The last prompt token.</summary>
    Last,
}
