using System.Numerics.Tensors;

namespace Vane.Steering;

/// <summary>
/// The per-token strength of DAC: the KL divergence between the unsteered and the maximally
/// steered next-token distributions, both restricted to the union of their top-p tokens.
/// </summary>
public static class DacStrength
{
    /// <summary>
    /// KL(P || Q) in nats, where P and Q are the softmax of <paramref name="plainLogits"/> and
    /// <paramref name="steeredLogits"/> [VocabSize], each restricted to the union of both
    /// top-<paramref name="topP"/> token sets and renormalised there. 0 when they agree.
    /// </summary>
    public static double RestrictedKl(ReadOnlySpan<float> plainLogits, ReadOnlySpan<float> steeredLogits, float topP)
    {
        if (plainLogits.Length != steeredLogits.Length)
            throw new ArgumentException(
                $"logit rows differ in length: {plainLogits.Length} and {steeredLogits.Length}");
        var p = new float[plainLogits.Length];
        var q = new float[steeredLogits.Length];
        TensorPrimitives.SoftMax(plainLogits, p);
        TensorPrimitives.SoftMax(steeredLogits, q);
        var union = Nucleus(p, topP);
        union.UnionWith(Nucleus(q, topP));

        // renormalise both on the union, then sum p log(p/q)
        double pSum = union.Sum(i => (double)p[i]), qSum = union.Sum(i => (double)q[i]);
        double kl = 0;
        foreach (int i in union)
        {
            double pi = p[i] / pSum, qi = q[i] / qSum;
            if (pi > 0)
                kl += pi * Math.Log(pi / Math.Max(qi, 1e-30));
        }
        return Math.Max(kl, 0);
    }

    /// <summary>a_t = clip(<paramref name="kl"/>, 0, <paramref name="maxStrength"/>).</summary>
    public static float Clip(double kl, float maxStrength) => (float)Math.Clamp(kl, 0, maxStrength);

    /// <summary>The smallest set of most likely tokens whose probabilities reach <paramref name="topP"/>.</summary>
    static HashSet<int> Nucleus(float[] probs, float topP)
    {
        var order = Enumerable.Range(0, probs.Length).ToArray();
        var keys = (float[])probs.Clone();
        Array.Sort(keys, order, Comparer<float>.Create((a, b) => b.CompareTo(a)));
        var set = new HashSet<int>();
        double cumulative = 0;
        for (int i = 0; i < order.Length && cumulative < topP; i++)
        {
            set.Add(order[i]);
            cumulative += keys[i];
        }
        return set;
    }
}
