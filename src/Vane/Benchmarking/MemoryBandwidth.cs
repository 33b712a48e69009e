using System.Diagnostics;
using System.Numerics.Tensors;

namespace Vane.Benchmarking;

/// <summary>Measures how fast this machine reads main memory, the bound of batch-1 decoding.</summary>
public static class MemoryBandwidth
{
    /// <summary>
    /// Best read rate in bytes per second over <paramref name="repeats"/> passes of summing a
    /// buffer of <paramref name="bytes"/> (far larger than the caches), split over
    /// <paramref name="threads"/> threads.
    /// </summary>
    public static double MeasureRead(long bytes = 1L << 30, int repeats = 5, int threads = 0)
    {
        if (threads <= 0)
            threads = Environment.ProcessorCount;
        int perThread = (int)Math.Min(bytes / 4 / threads, Array.MaxLength);
        var parts = Enumerable.Range(0, threads).Select(_ => new float[perThread]).ToArray();
        Parallel.For(0, threads, t => parts[t].AsSpan().Fill(1f)); // touch every page first

        double best = 0;
        var sums = new float[threads];
        for (int r = 0; r < repeats; r++)
        {
            var sw = Stopwatch.StartNew();
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads },
                t => sums[t] = TensorPrimitives.Sum(parts[t]));
            double seconds = sw.Elapsed.TotalSeconds;
            best = Math.Max(best, (double)perThread * 4 * threads / seconds);
        }
        if (sums.Sum() <= 0)
            throw new InvalidOperationException("bandwidth probe summed to nothing");
        return best;
    }
}
