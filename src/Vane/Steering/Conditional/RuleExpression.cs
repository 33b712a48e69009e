namespace Vane.Steering;

/// <summary>
/// A boolean expression over condition names: names, "and", "or", "not" and parentheses,
/// e.g. "sea or war", "sea and not (war or court)". "not" binds tightest, then "and", then "or".
/// </summary>
public abstract record RuleExpression
{
    /// <summary>The condition names the expression reads.</summary>
    public abstract IEnumerable<string> Variables { get; }

    /// <summary>The value, given the value of each condition.</summary>
    public abstract bool Evaluate(Func<string, bool> condition);

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="FormatException">The text is not an expression; the message names the spot.</exception>
    public static RuleExpression Parse(string text) => new RuleParser(text).ParseAll();

    /// <summary>A condition name.</summary>
    /// <param name="Name">The name.</param>
    public sealed record Variable(string Name) : RuleExpression
    {
        /// <inheritdoc/>
        public override IEnumerable<string> Variables => [Name];

        /// <inheritdoc/>
        public override bool Evaluate(Func<string, bool> condition) => condition(Name);

        /// <inheritdoc/>
        public override string ToString() => Name;
    }

    /// <summary>The negation of <paramref name="Inner"/>.</summary>
    /// <param name="Inner">The negated expression.</param>
    public sealed record Not(RuleExpression Inner) : RuleExpression
    {
        /// <inheritdoc/>
        public override IEnumerable<string> Variables => Inner.Variables;

        /// <inheritdoc/>
        public override bool Evaluate(Func<string, bool> condition) => !Inner.Evaluate(condition);

        /// <inheritdoc/>
        public override string ToString() => $"not {Inner}";
    }

    /// <summary>"and" (<paramref name="IsAnd"/>) or "or" of two expressions.</summary>
    /// <param name="Left">Left operand.</param>
    /// <param name="Right">Right operand.</param>
    /// <param name="IsAnd">True for "and", false for "or".</param>
    public sealed record Binary(RuleExpression Left, RuleExpression Right, bool IsAnd) : RuleExpression
    {
        /// <inheritdoc/>
        public override IEnumerable<string> Variables => Left.Variables.Concat(Right.Variables);

        /// <inheritdoc/>
        public override bool Evaluate(Func<string, bool> condition) =>
            IsAnd ? Left.Evaluate(condition) && Right.Evaluate(condition)
            : Left.Evaluate(condition) || Right.Evaluate(condition);

        /// <inheritdoc/>
        public override string ToString() => $"({Left} {(IsAnd ? "and" : "or")} {Right})";
    }
}
