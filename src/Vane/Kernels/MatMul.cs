using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Vane.Tensors;

namespace Vane.Kernels;

/// <summary>The linear layer: y = x W^T (+ b), for one or many token rows.</summary>
/// <remarks>
/// One token (decode) streams the weights once at memory bandwidth; several tokens (prefill) use
/// register tiles of 4 rows x 4 tokens. Both split the rows over a small persistent worker pool
/// when the product is large enough to pay for it. F16 and BF16 weights are widened on the fly;
/// quantised weights (Q8_0, Q4_0, Q4_K, Q6_K) are decoded block by block, never as a whole
/// matrix. Sums are accumulated in F32.
/// </remarks>
public static unsafe class MatMul
{
    // Below this many multiply-adds a single thread finishes before a second would help.
    const long ParallelThreshold = 64 * 1024;

    // Weight bytes per chunk of rows handed to one thread: small enough to balance two busy
    // cores, large enough that claiming a chunk costs nothing in comparison.
    const int ChunkBytes = 256 * 1024;

    [ThreadStatic]
    static Job? t_job; // reused by each calling thread, so a call allocates nothing

    [ThreadStatic]
    static float[]? t_xSums; // [K / 32] pinned, for Q4_K decode; grows, never shrinks

    /// <summary>
    /// y[t, n] = sum_k x[t, k] * w[n, k] + bias[n], for t in [0, tokens).
    /// </summary>
    /// <param name="x">Inputs [tokens, w.Cols].</param>
    /// <param name="w">Weights [N, K] in any stored dtype, quantised ones included.</param>
    /// <param name="bias">Bias [N], or empty for none.</param>
    /// <param name="y">Outputs [tokens, w.Rows]; must not overlap <paramref name="x"/>.</param>
    /// <param name="tokens">Number of rows of x and y.</param>
    /// <exception cref="ArgumentNullException"><paramref name="w"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tokens"/> is negative.</exception>
    /// <exception cref="ArgumentException">A span is too short, bias has the wrong length, or x and y
    /// overlap.</exception>
    public static void Multiply(
        ReadOnlySpan<float> x,
        WeightMatrix w,
        ReadOnlySpan<float> bias,
        Span<float> y,
        int tokens)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentOutOfRangeException.ThrowIfNegative(tokens);
        int n = w.Rows, k = w.Cols;
        if (x.Length < (long)tokens * k)
            throw new ArgumentException($"{w.Name}: x has {x.Length} values, expected {tokens} x {k}", nameof(x));
        if (y.Length < (long)tokens * n)
            throw new ArgumentException($"{w.Name}: y has {y.Length} values, expected {tokens} x {n}", nameof(y));
        if (!bias.IsEmpty && bias.Length != n)
            throw new ArgumentException($"{w.Name}: bias has {bias.Length} values, expected {n}", nameof(bias));
        if (tokens == 0 || n == 0)
            return;
        var usedX = x[..(tokens * k)];
        var usedY = y[..(tokens * n)];
        if (usedX.Overlaps(usedY))
            throw new ArgumentException($"{w.Name}: y overlaps x; use a separate output buffer", nameof(y));

        float* xSums = null;
        if (tokens == 1 && w.DType == DType.Q4_K)
            xSums = GroupSums(usedX);

        fixed (float* px = x, py = y, pb = bias)
        {
            var job = t_job ??= new Job();
            job.Set(px, xSums, w, bias.IsEmpty ? null : pb, py, tokens);
            int threads = WorkerPool.Shared.Workers + 1;
            if (threads == 1 || (long)n * k * tokens < ParallelThreshold)
                job.Compute(0, n);
            else
            {
                long rowBytes = Math.Max(1L, w.RowByteCount);
                long bySize = Math.Max(1, ChunkBytes / rowBytes);
                long byCount = (n + threads * 8 - 1) / (threads * 8);
                int rows = (int)Math.Min(bySize, byCount);
                job.RowsPerChunk = (Math.Max(rows, 4) + 3) & ~3;
                WorkerPool.Shared.Run(job, (n + job.RowsPerChunk - 1) / job.RowsPerChunk);
            }
            job.Clear();
        }
    }

    /// <summary>Sums of x over each 32 values, in this thread's pinned buffer.</summary>
    static float* GroupSums(ReadOnlySpan<float> x)
    {
        int groups = x.Length / 32;
        if (t_xSums == null || t_xSums.Length < groups)
            t_xSums = GC.AllocateArray<float>(Math.Max(groups, 256), pinned: true);
        QuantMatVec.GroupSums(x, t_xSums);
        return (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(t_xSums));
    }

    /// <summary>One call's arguments, cut into chunks of rows for the pool.</summary>
    sealed class Job : PoolJob
    {
        float* _x, _xSums, _bias, _y;
        WeightMatrix? _w;
        int _tokens;

        public int RowsPerChunk;

        public void Set(float* x, float* xSums, WeightMatrix w, float* bias, float* y, int tokens)
        {
            _x = x;
            _xSums = xSums;
            _w = w;
            _bias = bias;
            _y = y;
            _tokens = tokens;
        }

        public void Clear()
        {
            _x = _xSums = _bias = _y = null;
            _w = null;
        }

        public override void RunChunk(int chunk)
        {
            int start = chunk * RowsPerChunk;
            Compute(start, Math.Min(_w!.Rows, start + RowsPerChunk));
        }

        /// <summary>Output columns [rowStart, rowEnd) for every token.</summary>
        public void Compute(int rowStart, int rowEnd)
        {
            var w = _w!;
            if (_tokens > 1)
            {
                MatMat.Run(_x, w, _bias, _y, _tokens, rowStart, rowEnd);
                return;
            }
            switch (w.DType)
            {
                case DType.F32:
                    MatVec.Run<F32Format>(_x, w.Data, w.Cols, _bias, _y, rowStart, rowEnd);
                    break;
                case DType.F16:
                    MatVec.Run<F16Format>(_x, w.Data, w.Cols, _bias, _y, rowStart, rowEnd);
                    break;
                case DType.BF16:
                    MatVec.Run<BF16Format>(_x, w.Data, w.Cols, _bias, _y, rowStart, rowEnd);
                    break;
                case DType.Q8_0 or DType.Q4_0 or DType.Q4_K or DType.Q6_K:
                    QuantMatVec.Run(w.DType, _x, _xSums, w.Data, w.Cols, _bias, _y, rowStart, rowEnd);
                    break;
                default:
                    throw new NotSupportedException($"{w.Name}: dtype {w.DType} in MatMul");
            }
        }
    }
}
