namespace Vane.Model;

/// <summary>
/// Token rows for one forward pass: each row is a token of one sequence at one
/// position. Rows of a sequence must be consecutive positions that continue its
/// KV cache; several sequences of different lengths can share a batch.
/// </summary>
public sealed class TokenBatch
{
    /// <summary>Token id of each row [rows].</summary>
    public int[] Tokens { get; }
    /// <summary>Position of each row within its sequence [rows].</summary>
    public int[] Positions { get; }
    /// <summary>Sequence (KV cache slot) of each row [rows].</summary>
    public int[] Sequences { get; }
    /// <summary>Rows whose next-token logits are wanted, in output order.</summary>
    public int[] LogitRows { get; }

    /// <summary>Number of rows.</summary>
    public int Count => Tokens.Length;

    /// <summary>Creates a batch from parallel arrays; see the class summary for the rules.</summary>
    public TokenBatch(int[] tokens, int[] positions, int[] sequences, int[] logitRows)
    {
        if (positions.Length != tokens.Length || sequences.Length != tokens.Length)
            throw new ArgumentException(
                $"batch arrays differ in length: tokens {tokens.Length}, positions {positions.Length}, " +
                $"sequences {sequences.Length}");
        foreach (int r in logitRows)
            if ((uint)r >= (uint)tokens.Length)
                throw new ArgumentException($"logit row {r} is outside the batch of {tokens.Length} rows");
        Tokens = tokens;
        Positions = positions;
        Sequences = sequences;
        LogitRows = logitRows;
    }

    /// <summary>
    /// A batch that appends <paramref name="tokens"/>[s] to sequence <paramref name="sequenceIds"/>[s],
    /// starting at <paramref name="startPositions"/>[s]; logits for each sequence's last row,
    /// or for every row when <paramref name="allLogits"/>.
    /// </summary>
    public static TokenBatch Append(
        IReadOnlyList<int[]> tokens,
        IReadOnlyList<int> sequenceIds,
        IReadOnlyList<int> startPositions,
        bool allLogits = false)
    {
        var t = new List<int>();
        var p = new List<int>();
        var s = new List<int>();
        var logits = new List<int>();
        for (int i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].Length == 0)
                throw new ArgumentException($"sequence {sequenceIds[i]} has no tokens");
            for (int j = 0; j < tokens[i].Length; j++)
            {
                if (allLogits || j == tokens[i].Length - 1)
                    logits.Add(t.Count);
                t.Add(tokens[i][j]);
                p.Add(startPositions[i] + j);
                s.Add(sequenceIds[i]);
            }
        }
        return new TokenBatch([.. t], [.. p], [.. s], [.. logits]);
    }

    /// <summary>One sequence (slot 0) from position 0, logits at the last token (or all).</summary>
    public static TokenBatch Single(int[] tokens, bool allLogits = false) =>
        Append([tokens], [0], [0], allLogits);
}
