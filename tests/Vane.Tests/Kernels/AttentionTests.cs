using Vane.Kernels;

namespace Vane.Tests.Kernels;

/// <summary>Attention against a double-precision reference with grouped key/value heads.</summary>
public class AttentionTests
{
    [Theory]
    [InlineData(1, 1, 1, 4)]
    [InlineData(4, 2, 7, 16)]
    [InlineData(14, 2, 33, 64)]
    [InlineData(2, 2, 1, 3)]
    public void MatchesSoftmaxWeightedValues(int nHeads, int nKvHeads, int context, int dHead)
    {
        var random = new Random(context);
        int kvWidth = nKvHeads * dHead;
        var q = RmsNormTests.Values(random, nHeads * dHead);
        var keys = RmsNormTests.Values(random, (context + 2) * kvWidth); // cache longer than the context
        var values = RmsNormTests.Values(random, (context + 2) * kvWidth);
        var output = new float[nHeads * dHead];
        var scores = new float[context + 5];
        float scale = 1 / MathF.Sqrt(dHead);

        Attention.Compute(q, keys, values, context, nHeads, nKvHeads, dHead, scale, output, scores);

        int group = nHeads / nKvHeads;
        for (int h = 0; h < nHeads; h++)
        {
            int kv = h / group * dHead;
            var logits = new double[context];
            for (int p = 0; p < context; p++)
                for (int i = 0; i < dHead; i++)
                    logits[p] += (double)q[h * dHead + i] * keys[p * kvWidth + kv + i] * scale;
            double max = logits.Max();
            var weights = logits.Select(l => Math.Exp(l - max)).ToArray();
            double total = weights.Sum();
            for (int i = 0; i < dHead; i++)
            {
                double want = 0;
                for (int p = 0; p < context; p++)
                    want += weights[p] / total * values[p * kvWidth + kv + i];
                Assert.Equal(want, output[h * dHead + i], 1e-5);
            }
        }
    }

    [Fact]
    public void LargeScoresDoNotOverflow()
    {
        float[] q = [100, 100], keys = [100, 100, 99, 99], values = [1, 2, 3, 4];
        var output = new float[2];
        Attention.Compute(q, keys, values, 2, 1, 1, 2, 1f, output, new float[2]);
        Assert.Equal([1f, 2f], output); // exp(20000 - 19800) dominates
    }

    [Fact]
    public void EmptyContextGivesZeros()
    {
        var output = new float[] { 5, 5 };
        Attention.Compute([1, 1], [], [], 0, 1, 1, 2, 1f, output, []);
        Assert.Equal([0f, 0f], output);
    }

    [Fact]
    public void BadArgumentsThrow()
    {
        float[] q = new float[4], kv = new float[8], output = new float[4], scores = new float[2];
        Assert.Throws<ArgumentException>(() => Attention.Compute(q, kv, kv, 2, 2, 0, 2, 1, output, scores));
        Assert.Throws<ArgumentException>(() => Attention.Compute(q, kv, kv, 2, 3, 2, 2, 1, output, scores));
        Assert.Throws<ArgumentException>(() => Attention.Compute(q, kv, kv, 2, 2, 2, 0, 1, output, scores));
        Assert.Throws<ArgumentException>(() => Attention.Compute(q, kv, kv, -1, 2, 2, 2, 1, output, scores));
        Assert.Throws<ArgumentException>(() => Attention.Compute(q, kv, kv, 3, 2, 2, 2, 1, output, new float[3]));
        Assert.Throws<ArgumentException>(() => Attention.Compute(q, kv, kv, 2, 2, 2, 2, 1, output, new float[1]));
        Assert.Throws<ArgumentException>(() => Attention.Compute(new float[3], kv, kv, 2, 2, 2, 2, 1, output, scores));
        Assert.Throws<ArgumentException>(() => Attention.Compute(q, kv, kv, 2, 2, 2, 2, 1, new float[3], scores));
    }

    [Fact]
    public void AllocatesNothing()
    {
        var q = new float[8];
        var kv = new float[16 * 8];
        var output = new float[8];
        var scores = new float[16];
        Attention.Compute(q, kv, kv, 16, 2, 1, 4, 0.5f, output, scores); // JIT first
        long before = GC.GetAllocatedBytesForCurrentThread();
        Attention.Compute(q, kv, kv, 16, 2, 1, 4, 0.5f, output, scores);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }
}
