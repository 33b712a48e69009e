namespace Vane.Model;

/// <summary>
/// Keys and values of past tokens, per sequence and layer, so that each new token
/// attends to them without recomputing. Sequences are numbered slots that grow on demand.
/// </summary>
public sealed class KvCache
{
    readonly ModelConfig _config;
    readonly Dictionary<int, SequenceCache> _sequences = new();

    /// <summary>An empty cache for <paramref name="config"/>.</summary>
    public KvCache(ModelConfig config) => _config = config;

    /// <summary>Tokens cached for <paramref name="sequence"/> (0 when unknown).</summary>
    public int Length(int sequence) => _sequences.TryGetValue(sequence, out var s) ? s.Length : 0;

    /// <summary>Forgets a sequence, freeing its memory.</summary>
    public void Remove(int sequence) => _sequences.Remove(sequence);

    /// <summary>Drops cached tokens of <paramref name="sequence"/> from <paramref name="length"/> on.</summary>
    public void Truncate(int sequence, int length)
    {
        if (_sequences.TryGetValue(sequence, out var s))
            s.Length = Math.Min(s.Length, length);
    }

    internal SequenceCache Get(int sequence)
    {
        if (!_sequences.TryGetValue(sequence, out var s))
            _sequences[sequence] = s = new SequenceCache(_config);
        return s;
    }

    /// <summary>One sequence: per layer, keys and values [capacity, DKv].</summary>
    internal sealed class SequenceCache(ModelConfig config)
    {
        public float[][] Keys = Enumerable.Range(0, config.NLayers).Select(_ => Array.Empty<float>()).ToArray();
        public float[][] Values = Enumerable.Range(0, config.NLayers).Select(_ => Array.Empty<float>()).ToArray();
        public int Length;
        int _capacity;

        public void EnsureCapacity(int tokens)
        {
            if (tokens <= _capacity)
                return;
            int cap = Math.Min(Math.Max(tokens, Math.Max(16, _capacity * 2)), config.MaxPositions);
            cap = Math.Max(cap, tokens);
            for (int l = 0; l < Keys.Length; l++)
            {
                Array.Resize(ref Keys[l], cap * config.DKv);
                Array.Resize(ref Values[l], cap * config.DKv);
            }
            _capacity = cap;
        }
    }
}
