using System.Diagnostics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using Vane.Kernels;
using Vane.Tensors;

// Benchmarks and their inputs; not tests.
//   Vane.Bench kernels [--quick] [--dtypes Q8_0,Q4_K]   MatMul against memory bandwidth
//   Vane.Bench random-model SHAPE DIR [f32|f16|bf16]    a random checkpoint (shapes: see RandomCheckpoint)
//   Vane.Bench sparse [--quick] [--cold]                SparseMatVec against dense MatMul
if (args.Length >= 3 && args[0] == "random-model")
    return RandomModelCommand.Run(args[1], args[2], args.Length > 3 ? args[3] : "f32");
if (args.Length >= 1 && args[0] == "sparse")
{
    SparseBench.Run(args.Contains("--quick"), args.Contains("--cold"));
    return 0;
}
if (args.Length == 0 || args[0] != "kernels")
{
    Console.Error.WriteLine("usage: Vane.Bench kernels [--quick] [--dtypes Q8_0,Q4_K] | sparse [--quick] [--cold] | " +
        "random-model SHAPE DIR [f32|f16|bf16]");
    return 2;
}
bool quick = args.Contains("--quick");
var only = args.SkipWhile(a => a != "--dtypes").Skip(1).FirstOrDefault()?.Split(',')
    .Select(Enum.Parse<DType>).ToArray();
KernelBench.Run(quick, only);
return 0;

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
    /// Best-of-five read bandwidth (bytes/s) over a large array: TensorPrimitives.Sum and a plain
    /// four-accumulator vector sum, each on one thread and on all threads; the best is returned.
    /// </summary>
    static double MeasureBandwidth(long bytes)
    {
        var data = new float[bytes / 4];
        data.AsSpan().Fill(1e-3f);
        int threads = Environment.ProcessorCount;
        var partial = new float[threads];
        string report = "";
        double best = 0;
        foreach (var (name, sum) in new (string, Func<float[], int, int, float>)[]
            { ("TensorPrimitives.Sum", PrimitivesSum), ("4-accumulator sum", WideSum) })
        {
            double one = double.MaxValue, all = double.MaxValue;
            for (int rep = 0; rep < 5; rep++)
            {
                long start = Stopwatch.GetTimestamp();
                partial[0] = sum(data, 0, data.Length);
                one = Math.Min(one, Stopwatch.GetElapsedTime(start).TotalSeconds);

                start = Stopwatch.GetTimestamp();
                Parallel.For(0, threads, t =>
                {
                    long from = data.LongLength * t / threads, to = data.LongLength * (t + 1) / threads;
                    partial[t] = sum(data, (int)from, (int)(to - from));
                });
                all = Math.Min(all, Stopwatch.GetElapsedTime(start).TotalSeconds);
            }
            report += $"\n  {name,-22} 1 thread {bytes / one / 1e9,5:F1} GB/s, " +
                $"{threads} threads {bytes / all / 1e9,5:F1} GB/s";
            best = Math.Max(best, Math.Max(bytes / one, bytes / all));
        }
        Console.WriteLine($"memory read bandwidth, {bytes >> 20} MiB, best of 5:{report}");
        Console.WriteLine($"  reference: {best / 1e9:F1} GB/s");
        return best;
    }

    static float PrimitivesSum(float[] data, int start, int length) =>
        TensorPrimitives.Sum(data.AsSpan(start, length));

    static float WideSum(float[] data, int start, int length)
    {
        var span = data.AsSpan(start, length);
        var a = Vector512<float>.Zero;
        var b = a;
        var c = a;
        var d = a;
        int i = 0;
        for (; i <= span.Length - 64; i += 64)
        {
            a += Vector512.Create(span.Slice(i, 16));
            b += Vector512.Create(span.Slice(i + 16, 16));
            c += Vector512.Create(span.Slice(i + 32, 16));
            d += Vector512.Create(span.Slice(i + 48, 16));
        }
        float total = Vector512.Sum(a + b + c + d);
        for (; i < span.Length; i++)
            total += span[i];
        return total;
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
