using System.Numerics.Tensors;

namespace Vane.Generation;

/// <summary>Chooses next tokens: greedy, or temperature, top-k and top-p sampling with a seeded generator.</summary>
public sealed class Sampler
{
    readonly SamplingOptions _options;
    readonly Random _random;
    float[] _probs = [];
    int[] _order = [];

    /// <summary>A sampler for <paramref name="options"/> (validated here).</summary>
    public Sampler(SamplingOptions options)
    {
        options.Validate();
        _options = options;
        _random = options.Seed is int s ? new Random(s) : new Random();
    }

    /// <summary>The next token id from <paramref name="logits"/> [VocabSize].</summary>
    public int Sample(ReadOnlySpan<float> logits)
    {
        if (_options.Temperature == 0)
            return TensorPrimitives.IndexOfMax(logits);

        int n = logits.Length;
        if (_probs.Length != n)
        {
            _probs = new float[n];
            _order = new int[n];
        }
        // temperature, then softmax
        TensorPrimitives.Divide(logits, _options.Temperature, _probs);
        TensorPrimitives.SoftMax(_probs, _probs);

        // candidates by descending probability, cut by top-k then top-p
        for (int i = 0; i < n; i++)
            _order[i] = i;
        var keys = (float[])_probs.Clone();
        Array.Sort(keys, _order, Comparer<float>.Create((a, b) => b.CompareTo(a)));
        int keep = _options.TopK > 0 ? Math.Min(_options.TopK, n) : n;
        float cumulative = 0;
        for (int i = 0; i < keep; i++)
        {
            cumulative += keys[i];
            if (cumulative >= _options.TopP)
            {
                keep = i + 1;
                break;
            }
        }

        // draw from the kept candidates, renormalised
        float total = 0;
        for (int i = 0; i < keep; i++)
            total += keys[i];
        double u = _random.NextDouble() * total;
        for (int i = 0; i < keep; i++)
        {
            u -= keys[i];
            if (u <= 0)
                return _order[i];
        }
        return _order[keep - 1];
    }
}
