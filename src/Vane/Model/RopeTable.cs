namespace Vane.Model;

/// <summary>Inverse frequencies of rotary embeddings, with the config's rescaling applied.</summary>
public sealed class RopeTable
{
    readonly double[] _invFreq; // [DHead / 2]

    /// <summary>Builds the frequencies for <paramref name="config"/>.</summary>
    public RopeTable(ModelConfig config)
    {
        int half = config.DHead / 2;
        _invFreq = new double[half];
        for (int i = 0; i < half; i++)
        {
            double f = 1.0 / Math.Pow(config.RopeTheta, 2.0 * i / config.DHead);
            _invFreq[i] = Rescale(f, config.RopeScaling);
        }
    }

    static double Rescale(double freq, RopeScaling? s)
    {
        if (s is null)
            return freq;
        if (s.Kind == "linear")
            return freq / s.Factor;
        // llama3: long wavelengths are slowed by Factor, short ones kept, a smooth blend between.
        double wavelen = 2 * Math.PI / freq;
        double lowWavelen = s.OriginalMaxPositions / s.LowFreqFactor;
        double highWavelen = s.OriginalMaxPositions / s.HighFreqFactor;
        if (wavelen < highWavelen)
            return freq;
        if (wavelen > lowWavelen)
            return freq / s.Factor;
        double smooth = (s.OriginalMaxPositions / wavelen - s.LowFreqFactor)
                        / (s.HighFreqFactor - s.LowFreqFactor);
        return (1 - smooth) * freq / s.Factor + smooth * freq;
    }

    /// <summary>Fills cos and sin [DHead / 2] of the angles for <paramref name="position"/>.</summary>
    public void Angles(int position, Span<float> cos, Span<float> sin)
    {
        for (int i = 0; i < _invFreq.Length; i++)
        {
            var (s, c) = Math.SinCos(position * _invFreq[i]);
            sin[i] = (float)s;
            cos[i] = (float)c;
        }
    }
}
