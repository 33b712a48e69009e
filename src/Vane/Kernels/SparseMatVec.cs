using System.Numerics.Tensors;
using Vane.Tensors;

namespace Vane.Kernels;

/// <summary>
/// The decode-time linear layer with a sparse input, one token:
/// y = bias + sum over active k of x[k] * W[:, k], streaming only the active input channels'
/// rows of an <see cref="InputMajorMatrix"/>. With a fraction s of the channels inactive it
/// reads (1 - s) of the weight bytes that <see cref="MatMul"/> reads.
/// </summary>
/// <remarks>
/// Each pool thread takes a run of the active rows whole, four rows per pass (its outputs are
/// loaded and stored once per four rows), into its own partial outputs, which are then summed;
/// whole rows keep the reads long and sequential, which on short rows (N = 896) is several
/// times faster than giving each thread a slice of every row. Sums are accumulated in F32; Q8_0 blocks
/// are widened in registers and scaled by x[k] * d. Allocation-free after a thread's first call.
/// </remarks>
public static unsafe class SparseMatVec
{
    // Below this many multiply-adds one thread finishes before a second would help.
    const long ParallelThreshold = 64 * 1024;

    // Runs of active rows per pool thread (more runs: a late worker costs less; fewer: fewer
    // partial outputs to add up).
    const int ChunksPerThread = 2;

    [ThreadStatic]
    static int[]? t_active; // [K] index buffer reused by each calling thread; grows, never shrinks

    [ThreadStatic]
    static SparseJob? t_job;

    [ThreadStatic]
    static float[]? t_partial; // [chunks - 1, N] pinned, the sums of the runs after the first

    /// <summary>
    /// y = W x' + bias where x' is x with every entry of magnitude &lt;= threshold zeroed:
    /// finds the active channels (<see cref="SparseChannels.Find"/>), then streams their rows.
    /// </summary>
    /// <param name="x">Input [w.Inputs].</param>
    /// <param name="w">Weights, input-major.</param>
    /// <param name="threshold">Magnitude an input must exceed to count; 0 or more (0: every
    /// non-zero input, i.e. the dense product).</param>
    /// <param name="bias">Bias [w.Outputs], or empty for none.</param>
    /// <param name="y">Output [w.Outputs]; must not overlap x.</param>
    /// <returns>How many input channels were active (rows read).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="w"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is negative
    /// or NaN.</exception>
    /// <exception cref="ArgumentException">x or y has the wrong length, bias has the wrong
    /// length, or x and y overlap.</exception>
    public static int Multiply(
        ReadOnlySpan<float> x,
        InputMajorMatrix w,
        float threshold,
        ReadOnlySpan<float> bias,
        Span<float> y)
    {
        Validate(x, w, bias, y);
        if (t_active == null || t_active.Length < x.Length)
            t_active = new int[Math.Max(x.Length, 1024)];
        int count = SparseChannels.Find(x, threshold, t_active);
        Run(x, w, t_active.AsSpan(0, count), bias, y);
        return count;
    }

    /// <summary>
    /// y = sum over k in <paramref name="active"/> of x[k] * W[:, k], plus bias: the same
    /// product with the active channels chosen by the caller (e.g. by |x[k]| * ||W[:, k]||).
    /// An index listed twice is added twice.
    /// </summary>
    /// <param name="x">Input [w.Inputs].</param>
    /// <param name="w">Weights, input-major.</param>
    /// <param name="active">Active channel indices, each in [0, w.Inputs); increasing order
    /// reads memory best.</param>
    /// <param name="bias">Bias [w.Outputs], or empty for none.</param>
    /// <param name="y">Output [w.Outputs]; must not overlap x.</param>
    /// <exception cref="ArgumentNullException"><paramref name="w"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index in <paramref name="active"/> is
    /// not a channel.</exception>
    /// <exception cref="ArgumentException">x or y has the wrong length, bias has the wrong
    /// length, or x and y overlap.</exception>
    public static void Multiply(
        ReadOnlySpan<float> x,
        InputMajorMatrix w,
        ReadOnlySpan<int> active,
        ReadOnlySpan<float> bias,
        Span<float> y)
    {
        Validate(x, w, bias, y);
        foreach (int k in active)
        {
            if ((uint)k >= (uint)w.Inputs)
                throw new ArgumentOutOfRangeException(nameof(active), k,
                    $"{w.Name}: active channel {k}, expected [0, {w.Inputs})");
        }
        Run(x, w, active, bias, y);
    }

    static void Validate(ReadOnlySpan<float> x, InputMajorMatrix w, ReadOnlySpan<float> bias, Span<float> y)
    {
        ArgumentNullException.ThrowIfNull(w);
        if (x.Length != w.Inputs)
            throw new ArgumentException($"{w.Name}: x has {x.Length} values, expected {w.Inputs}", nameof(x));
        if (y.Length != w.Outputs)
            throw new ArgumentException($"{w.Name}: y has {y.Length} values, expected {w.Outputs}", nameof(y));
        if (!bias.IsEmpty && bias.Length != w.Outputs)
            throw new ArgumentException(
                $"{w.Name}: bias has {bias.Length} values, expected {w.Outputs}", nameof(bias));
        if (x.Overlaps(y))
            throw new ArgumentException($"{w.Name}: y overlaps x; use a separate output buffer", nameof(y));
    }

    /// <summary>Streams the listed rows into y, split over the pool when large enough.</summary>
    static void Run(
        ReadOnlySpan<float> x,
        InputMajorMatrix w,
        ReadOnlySpan<int> active,
        ReadOnlySpan<float> bias,
        Span<float> y)
    {
        int n = w.Outputs;
        if (n == 0)
            return;
        fixed (float* px = x, pb = bias, py = y)
        fixed (int* pa = active)
        {
            var job = t_job ??= new SparseJob();
            job.Set(px, w, pa, active.Length, bias.IsEmpty ? null : pb, py);
            int threads = WorkerPool.Shared.Workers + 1;
            if (threads == 1 || (long)n * active.Length < ParallelThreshold)
                job.Compute(py, true, 0, active.Length, 0, n);
            else
                RunByRows(job, active.Length, n, threads, y);
            job.Clear();
        }
        GC.KeepAlive(w); // its rows are native memory, freed when it is collected
    }

    /// <summary>
    /// A few runs of active rows per thread, claimed by whichever thread is free, so a worker
    /// that wakes late costs only a run, not half the product; the runs after the first are
    /// summed into y.
    /// </summary>
    static void RunByRows(SparseJob job, int count, int n, int threads, Span<float> y)
    {
        int chunks = Math.Min(threads * ChunksPerThread, (count + 7) / 8);
        job.RowsPerChunk = ((count + chunks - 1) / chunks + 3) & ~3;
        chunks = (count + job.RowsPerChunk - 1) / job.RowsPerChunk;
        int size = (chunks - 1) * n;
        if (t_partial == null || t_partial.Length < size)
            t_partial = GC.AllocateArray<float>(size, pinned: true);
        fixed (float* partial = t_partial)
        {
            job.Partial = partial;
            WorkerPool.Shared.Run(job, chunks);
            job.Partial = null;
        }
        for (int c = 1; c < chunks; c++)
            TensorPrimitives.Add(y, t_partial.AsSpan((c - 1) * n, n), y);
    }
}
