using Vane.Benchmarking;
using System.Diagnostics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using Vane.Kernels;
using Vane.Tensors;

// Benchmarks and their inputs; not tests.
//   Vane.Bench kernels [--quick] [--dtypes Q8_0,Q4_K]   MatMul against memory bandwidth
//   Vane.Bench random-model SHAPE DIR [f32|f16|bf16]    a random checkpoint (shapes: see RandomCheckpoint)
//   Vane.Bench sparse [--quick] [--cold] [--dtypes Q8_0]  SparseMatVec against dense MatMul
//   Vane.Bench decode-profile MODEL [SPARSITY ...]      a decode step's time by matrix, dense and TEAL
//   Vane.Bench decode-loop MODEL SPARSITY SECONDS       decoding only, for a profiler to attach to
if (args.Length >= 3 && args[0] == "random-model")
    return RandomModelCommand.Run(args[1], args[2], args.Length > 3 ? args[3] : "f32");
if (args.Length >= 2 && args[0] == "decode-profile")
{
    DecodeProfile.Run(args[1],
        [.. args.Skip(2).Select(a => double.Parse(a, System.Globalization.CultureInfo.InvariantCulture))]);
    return 0;
}
if (args.Length == 4 && args[0] == "decode-loop")
{
    DecodeProfile.Loop(args[1], double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture),
        double.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture));
    return 0;
}
if (args.Length >= 1 && args[0] == "sparse")
{
    SparseBench.Run(args.Contains("--quick"), args.Contains("--cold"), DtypesOption(args));
    return 0;
}
if (args.Length == 0 || args[0] != "kernels")
{
    Console.Error.WriteLine("usage: Vane.Bench kernels [--quick] [--dtypes Q8_0,Q4_K] | " +
        "sparse [--quick] [--cold] [--dtypes Q8_0] | random-model SHAPE DIR [f32|f16|bf16] | " +
        "decode-profile MODEL [SPARSITY ...] | decode-loop MODEL SPARSITY SECONDS");
    return 2;
}
bool quick = args.Contains("--quick");
KernelBench.Run(quick, DtypesOption(args));
return 0;

static DType[]? DtypesOption(string[] args) =>
    args.SkipWhile(a => a != "--dtypes").Skip(1).FirstOrDefault()?.Split(',').Select(Enum.Parse<DType>).ToArray();

/// <summary>Times MatMul against the machine's measured memory read bandwidth.</summary>
static class KernelBench
{
    /// <summary>Runs every measurement and prints one line each.</summary>
    /// <param name="quick">Shorter timings; skips prefill on the vocabulary-sized shapes.</param>
    /// <param name="only">Dtypes to time, or null for all.</param>
    public static void Run(bool quick, DType[]? only)
    {
        Console.WriteLine($"cores {Environment.ProcessorCount}, " +
            $"Vector512 {Vector512.IsHardwareAccelerated}");
        double bandwidth = MeasureBandwidth(quick ? 256L << 20 : 1L << 30);

        (int rows, int cols)[] shapes = [(896, 4864), (4864, 896), (151936, 896), (4864, 1024), (151936, 1024)];
        DType[] dtypes = [DType.F32, DType.BF16, DType.F16, DType.Q8_0, DType.Q4_K];
        if (only != null)
            dtypes = [.. dtypes.Where(d => only.Contains(d))];
        Console.WriteLine();
        Console.WriteLine("shape            dtype tokens    ms/call  result");
        foreach (var (rows, cols) in shapes)
        {
            foreach (var dtype in dtypes)
            {
                // The 1024-column shapes exist for Q4_K, whose rows must be whole 256-value blocks.
                if (cols % dtype.BlockSize() != 0 || (cols == 1024 && dtype != DType.Q4_K))
                    continue;
                var w = RandomMatrix(rows, cols, dtype);
                foreach (int tokens in new[] { 1, 64 })
                {
                    if (quick && tokens > 1 && rows > 10000)
                        continue;
                    double seconds = TimeMatMul(w, tokens, quick ? 0.3 : 1.0);
                    string result = tokens == 1
                        ? $"{w.ByteSize / seconds / 1e9,6:F1} GB/s = {w.ByteSize / seconds / bandwidth,4:P0} of read bw"
                        : $"{2.0 * rows * cols * tokens / seconds / 1e9,6:F1} GFLOP/s";
                    Console.WriteLine($"{rows,6} x {cols,-6}  {dtype,-5} {tokens,6} {seconds * 1e3,10:F3}  {result}");
                }
            }
        }
    }

    /// <summary>
    /// Best-of-five read bandwidth (bytes/s) of <see cref="MemoryBandwidth"/> on one thread and on
    /// all threads; the better is the reference the matrix products are compared with.
    /// </summary>
    static double MeasureBandwidth(long bytes)
    {
        double one = MemoryBandwidth.MeasureRead(bytes, repeats: 5, threads: 1);
        double all = MemoryBandwidth.MeasureRead(bytes, repeats: 5);
        Console.WriteLine($"memory read bandwidth, {bytes >> 20} MiB, best of 5: 1 thread {one / 1e9:F1} GB/s, " +
            $"{Environment.ProcessorCount} threads {all / 1e9:F1} GB/s");
        return Math.Max(one, all);
    }

    static WeightMatrix RandomMatrix(int rows, int cols, DType dtype)
    {
        var values = new float[(long)rows * cols]; // weight bytes / s below counts stored bytes
        var random = new Random(42);
        for (long i = 0; i < values.LongLength; i++)
            values[i] = random.NextSingle() - 0.5f;
        return WeightMatrix.FromArray($"bench.{rows}x{cols}", values, rows, cols, dtype);
    }

    /// <summary>Best seconds per call over repeated calls filling about <paramref name="budget"/> seconds.</summary>
    static double TimeMatMul(WeightMatrix w, int tokens, double budget)
    {
        var x = new float[tokens * w.Cols];
        var y = new float[tokens * w.Rows];
        x.AsSpan().Fill(0.01f);
        MatMul.Multiply(x, w, [], y, tokens); // warm up the JIT and the pool
        double best = double.MaxValue, total = 0;
        for (int calls = 0; calls < 3 || total < budget; calls++)
        {
            long start = Stopwatch.GetTimestamp();
            MatMul.Multiply(x, w, [], y, tokens);
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            best = Math.Min(best, seconds);
            total += seconds;
        }
        return best;
    }
}
