namespace Vane.Steering;

/// <summary>
/// The prompt length (in tokens) of each sequence slot, so that hooks can tell prompt rows
/// from generated ones: one length for every sequence, or one per sequence slot.
/// </summary>
public sealed class PromptLengths
{
    readonly int _same;
    readonly IReadOnlyDictionary<int, int>? _bySequence;

    PromptLengths(int same, IReadOnlyDictionary<int, int>? bySequence) => (_same, _bySequence) = (same, bySequence);

    /// <summary>Every sequence has a prompt of <paramref name="length"/> tokens (at least 1).</summary>
    public static PromptLengths Same(int length) =>
        length >= 1 ? new(length, null)
        : throw new ArgumentOutOfRangeException(nameof(length), $"prompt length {length}, expected >= 1");

    /// <summary>Prompt lengths by sequence slot (the slots given to TokenBatch / Generator).</summary>
    public static PromptLengths PerSequence(IReadOnlyDictionary<int, int> lengths)
    {
        foreach (var (s, l) in lengths)
            if (l < 1)
                throw new ArgumentOutOfRangeException(
                    nameof(lengths), $"sequence {s}: prompt length {l}, expected >= 1");
        return new(0, new Dictionary<int, int>(lengths));
    }

    /// <summary>Prompt lengths of Generator prompts: slot i has prompts[i].Length tokens.</summary>
    public static PromptLengths Of(IReadOnlyList<int[]> prompts) =>
        PerSequence(Enumerable.Range(0, prompts.Count).ToDictionary(i => i, i => prompts[i].Length));

    /// <summary>The prompt length of <paramref name="sequence"/>.</summary>
    /// <exception cref="KeyNotFoundException">No length was given for that sequence.</exception>
    public int Of(int sequence) =>
        _bySequence is null ? _same
        : _bySequence.TryGetValue(sequence, out int l) ? l
        : throw new KeyNotFoundException($"no prompt length for sequence {sequence}; give one per sequence slot");
}
