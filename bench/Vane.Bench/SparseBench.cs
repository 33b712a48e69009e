using System.Diagnostics;
using Vane.Kernels;
using Vane.Tensors;

/// <summary>
/// Times SparseMatVec against the dense MatMul on Qwen2.5-0.5B's decode shapes, at several
/// fractions of inactive input channels, all in one run so the ratios share the machine's load.
/// </summary>
static class SparseBench
{
    static readonly (int Outputs, int Inputs)[] Shapes =
        [(896, 4864), (4864, 896), (896, 896), (128, 896), (1152, 896), (9728, 896)];
    static readonly double[] Sparsities = [0, 0.25, 0.5, 0.65];

    /// <summary>Runs every measurement and prints one line per shape, dtype and sparsity.</summary>
    /// <param name="quick">Shorter timings.</param>
    /// <param name="cold">Cycle through copies of each matrix filling about 256 MiB, so the
    /// weights come from memory as in a real decode step rather than from the last-level cache.</param>
    /// <param name="only">Dtypes to time, or null for F32 and Q8_0.</param>
    public static void Run(bool quick, bool cold, DType[]? only = null)
    {
        double budget = quick ? 0.2 : 0.6;
        Console.WriteLine($"cores {Environment.ProcessorCount}; median ms/call; x = dense / sparse; " +
            (cold ? "weights cycled through 256 MiB (memory-bound)" : "one copy of the weights (cache-warm)"));
        Console.WriteLine("shape (N x K)    dtype  dense ms  sparsity  sparse ms  speed-up");
        var random = new Random(42);
        foreach (var (n, k) in Shapes)
        {
            var values = new float[n * k];
            for (int i = 0; i < values.Length; i++)
                values[i] = random.NextSingle() - 0.5f;
            var x = new float[k];
            for (int i = 0; i < k; i++)
                x[i] = random.NextSingle() * 2 - 1;
            foreach (var dtype in only ?? [DType.F32, DType.Q8_0])
            {
                var first = WeightMatrix.FromArray("dense", values, n, k, dtype);
                int copies = cold ? (int)Math.Max(1, (256L << 20) / first.ByteSize) : 1;
                var dense = new WeightMatrix[copies];
                var sparse = new InputMajorMatrix[copies];
                for (int c = 0; c < copies; c++)
                {
                    dense[c] = c == 0 ? first : WeightMatrix.FromBytes("dense", dtype, n, k, first.AllBytes());
                    sparse[c] = InputMajorMatrix.FromWeights(dense[c]);
                }
                var y = new float[n];
                int next = 0;
                double denseMs = Median(
                    () => MatMul.Multiply(x, dense[next++ % copies], [], y, 1), budget) * 1e3;
                foreach (double s in Sparsities)
                {
                    float threshold = Quantile(x, s);
                    double ms = Median(
                        () => SparseMatVec.Multiply(x, sparse[next++ % copies], threshold, [], y),
                        budget) * 1e3;
                    Console.WriteLine($"{n,5} x {k,-6}    {dtype,-5} {denseMs,9:F4}  {s,8:P0}  " +
                        $"{ms,9:F4}  {denseMs / ms,7:F2}x");
                }
            }
        }
    }

    /// <summary>
    /// The threshold below which a fraction <paramref name="sparsity"/> of |x| lies (0 for
    /// sparsity 0, so every non-zero entry stays active).
    /// </summary>
    static float Quantile(float[] x, double sparsity)
    {
        if (sparsity <= 0)
            return 0;
        var magnitudes = x.Select(MathF.Abs).Order().ToArray();
        return magnitudes[(int)(sparsity * magnitudes.Length) - 1];
    }

    /// <summary>Median seconds per call over repeated calls filling about <paramref name="budget"/> seconds.</summary>
    static double Median(Action call, double budget)
    {
        call(); // JIT, pool and per-thread buffers
        var times = new List<double>();
        double total = 0;
        while (times.Count < 5 || total < budget)
        {
            long start = Stopwatch.GetTimestamp();
            call();
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            times.Add(seconds);
            total += seconds;
        }
        times.Sort();
        return times[times.Count / 2];
    }
}
