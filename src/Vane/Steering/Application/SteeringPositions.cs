namespace Vane.Steering;

/// <summary>
/// Which rows a steering hook edits, by position in the sequence. With a prompt of L tokens
/// (positions 0..L-1), the row at position L-1 is the last prompt token and its output is
/// the first generated token; the row at position L (fed in the first decode step) is the
/// first generated token itself. So <see cref="Prompt"/> is positions 0..L-1, and
/// <see cref="Generated"/> is positions L-1 and after: every row whose output is a generated
/// token, including the first one (CAA's code misses it by starting at L). The two overlap
/// at L-1.
/// </summary>
public abstract record SteeringPositions
{
    /// <summary>Every row.</summary>
    public static SteeringPositions All { get; } = new Every();

    /// <summary>Rows at positions 0..L-1 of their sequence's prompt of L tokens.</summary>
    public static SteeringPositions Prompt(PromptLengths lengths) => new PromptRows(lengths);

    /// <summary>Rows at position L-1 and after (see the type summary for why L-1).</summary>
    public static SteeringPositions Generated(PromptLengths lengths) => new GeneratedRows(lengths);

    /// <summary>Rows at the listed positions (0-based, in any sequence).</summary>
    public static SteeringPositions At(params int[] positions) => new Listed(positions.ToHashSet());

    /// <summary>Whether the row of <paramref name="sequence"/> at <paramref name="position"/> is edited.</summary>
    public abstract bool Includes(int sequence, int position);

    sealed record Every : SteeringPositions
    {
        public override bool Includes(int sequence, int position) => true;
    }

    sealed record PromptRows(PromptLengths Lengths) : SteeringPositions
    {
        public override bool Includes(int sequence, int position) => position < Lengths.Of(sequence);
    }

    sealed record GeneratedRows(PromptLengths Lengths) : SteeringPositions
    {
        public override bool Includes(int sequence, int position) => position >= Lengths.Of(sequence) - 1;
    }

    sealed record Listed(HashSet<int> Positions) : SteeringPositions
    {
        public override bool Includes(int sequence, int position) => Positions.Contains(position);
    }
}
