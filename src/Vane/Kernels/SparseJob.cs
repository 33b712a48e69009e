using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Vane.Tensors;

namespace Vane.Kernels;

/// <summary>
/// One <see cref="SparseMatVec"/> call cut into runs of active rows: each run's rows of W^T,
/// times their x[k], are summed four rows a pass into y (the first run) or a partial output.
/// </summary>
internal sealed unsafe class SparseJob : PoolJob
{
    float* _x, _bias, _y; // [K], [N] or null, [N]
    int* _active;         // [count]
    int _count;
    byte* _w;             // [K, RowBytes(N)]
    long _rowBytes;
    int _n;
    DType _dtype;

    /// <summary>
    /// Active rows per chunk. Chunk 0 writes bias plus its rows' sum to y; chunk c &gt; 0 writes
    /// its rows' sum to Partial + (c - 1) * N, which the caller adds into y.
    /// </summary>
    public int RowsPerChunk;

    // Active rows are short and scattered, too short for the hardware prefetcher to learn each
    // as a stream, so the four-row loops ask for rows some places ahead, a line per row per
    // step: at least 8 rows (best on Qwen2.5-0.5B's wide shapes, bench/Vane.Bench sparse --cold),
    // and for short rows (k and v: 128 outputs) enough rows to be about 8 KiB ahead.
    const int MinAhead = 8, MaxAhead = 64, AheadBytes = 8 << 10;
    int _ahead;

    /// <summary>Partial outputs [chunks - 1, N] for the split by rows.</summary>
    public float* Partial;

    public void Set(float* x, InputMajorMatrix w, int* active, int count, float* bias, float* y)
    {
        _x = x;
        _w = w.Data;
        _rowBytes = w.RowByteCount;
        _ahead = (int)Math.Clamp(AheadBytes / Math.Max(1, _rowBytes), MinAhead, MaxAhead) & ~3;
        _n = w.Outputs;
        _dtype = w.DType;
        _active = active;
        _count = count;
        _bias = bias;
        _y = y;
    }

    public void Clear()
    {
        _x = _bias = _y = null;
        _active = null;
        _w = null;
    }

    public override void RunChunk(int chunk)
    {
        int a0 = chunk * RowsPerChunk;
        float* y = chunk == 0 ? _y : Partial + (long)(chunk - 1) * _n;
        Compute(y, chunk == 0, a0, Math.Min(_count, a0 + RowsPerChunk), 0, _n);
    }

    /// <summary>
    /// Sets y[n0, n1) to the bias (or zero when <paramref name="withBias"/> is false or there is
    /// none), then adds the rows active[a0 .. a1). For Q8_0, n0 and n1 are multiples of 32.
    /// </summary>
    public void Compute(float* y, bool withBias, int a0, int a1, int n0, int n1)
    {
        var ys = new Span<float>(y + n0, n1 - n0);
        if (withBias && _bias != null)
            new ReadOnlySpan<float>(_bias + n0, n1 - n0).CopyTo(ys);
        else
            ys.Clear();

        int a = a0;
        if (_dtype == DType.F32)
        {
            if (Vector512.IsHardwareAccelerated)
            {
                for (; a + 4 <= a1; a += 4)
                {
                    F32Rows4(y, a, n0, n1, Math.Min(a + _ahead, a1 - 4));
                }
            }
            for (; a < a1; a++)
                TensorPrimitives.MultiplyAdd(F32Row(_active[a], n0, n1), _x[_active[a]], ys, ys);
        }
        else if (Avx512F.IsSupported)
        {
            for (; a + 4 <= a1; a += 4)
            {
                Q8Rows4(y, a, n0, n1, Math.Min(a + _ahead, a1 - 4));
            }
            for (; a < a1; a++)
                Q8Row1(y, _active[a], n0, n1);
        }
        else
        {
            for (; a < a1; a++)
                Q8Scalar(y, _active[a], n0, n1);
        }
    }

    ReadOnlySpan<float> F32Row(int k, int n0, int n1) =>
        new((float*)(_w + k * _rowBytes) + n0, n1 - n0);

    /// <summary>
    /// y[n0, n1) += sum of x[k] * row k over active[a .. a + 4), prefetching the same stretch of
    /// the rows active[ahead .. ahead + 4).
    /// </summary>
    void F32Rows4(float* y, int a, int n0, int n1, int ahead)
    {
        float* p0 = (float*)(_w + _active[ahead] * _rowBytes), p1 = (float*)(_w + _active[ahead + 1] * _rowBytes);
        float* p2 = (float*)(_w + _active[ahead + 2] * _rowBytes), p3 = (float*)(_w + _active[ahead + 3] * _rowBytes);
        int k0 = _active[a], k1 = _active[a + 1], k2 = _active[a + 2], k3 = _active[a + 3];
        float* r0 = (float*)(_w + k0 * _rowBytes), r1 = (float*)(_w + k1 * _rowBytes);
        float* r2 = (float*)(_w + k2 * _rowBytes), r3 = (float*)(_w + k3 * _rowBytes);
        var x0 = Vector512.Create(_x[k0]);
        var x1 = Vector512.Create(_x[k1]);
        var x2 = Vector512.Create(_x[k2]);
        var x3 = Vector512.Create(_x[k3]);
        int i = n0;
        for (; i <= n1 - 16; i += 16)
        {
            if (Sse.IsSupported)
            {
                Sse.Prefetch0(p0 + i);
                Sse.Prefetch0(p1 + i);
                Sse.Prefetch0(p2 + i);
                Sse.Prefetch0(p3 + i);
            }
            // Two chains of two FMAs each, summed at the end, halve the dependency chain.
            var s = Vector512.FusedMultiplyAdd(Vector512.Load(r0 + i), x0, Vector512.Load(y + i));
            var t = Vector512.Load(r1 + i) * x1;
            s = Vector512.FusedMultiplyAdd(Vector512.Load(r2 + i), x2, s);
            t = Vector512.FusedMultiplyAdd(Vector512.Load(r3 + i), x3, t);
            Vector512.Store(s + t, y + i);
        }
        for (; i < n1; i++)
            y[i] += r0[i] * _x[k0] + r1[i] * _x[k1] + r2[i] * _x[k2] + r3[i] * _x[k3];
    }

    /// <summary>
    /// y[n0, n1) += sum of x[k] * row k over active[a .. a + 4), Q8_0 rows, prefetching the same
    /// blocks of the rows active[ahead .. ahead + 4).
    /// </summary>
    void Q8Rows4(float* yBase, int a, int n0, int n1, int ahead)
    {
        byte* p0 = _w + _active[ahead] * _rowBytes, p1 = _w + _active[ahead + 1] * _rowBytes;
        byte* p2 = _w + _active[ahead + 2] * _rowBytes, p3 = _w + _active[ahead + 3] * _rowBytes;
        byte* r0 = _w + _active[a] * _rowBytes, r1 = _w + _active[a + 1] * _rowBytes;
        byte* r2 = _w + _active[a + 2] * _rowBytes, r3 = _w + _active[a + 3] * _rowBytes;
        float x0 = _x[_active[a]], x1 = _x[_active[a + 1]];
        float x2 = _x[_active[a + 2]], x3 = _x[_active[a + 3]];
        for (int b = n0 / 32; b < n1 / 32; b++)
        {
            long off = b * QuantRows.Q8Bytes;
            float* y = yBase + b * 32;
            Sse.Prefetch0(p0 + off);
            Sse.Prefetch0(p1 + off);
            Sse.Prefetch0(p2 + off);
            Sse.Prefetch0(p3 + off);
            var s0 = Vector512.Create(x0 * QuantRows.Half16(r0 + off));
            var s1 = Vector512.Create(x1 * QuantRows.Half16(r1 + off));
            var s2 = Vector512.Create(x2 * QuantRows.Half16(r2 + off));
            var s3 = Vector512.Create(x3 * QuantRows.Half16(r3 + off));
            var lo = Vector512.Load(y);
            var hi = Vector512.Load(y + 16);
            lo = Vector512.FusedMultiplyAdd(QuantRows.Q8Codes(r0 + off + 2), s0, lo);
            hi = Vector512.FusedMultiplyAdd(QuantRows.Q8Codes(r0 + off + 18), s0, hi);
            lo = Vector512.FusedMultiplyAdd(QuantRows.Q8Codes(r1 + off + 2), s1, lo);
            hi = Vector512.FusedMultiplyAdd(QuantRows.Q8Codes(r1 + off + 18), s1, hi);
            lo = Vector512.FusedMultiplyAdd(QuantRows.Q8Codes(r2 + off + 2), s2, lo);
            hi = Vector512.FusedMultiplyAdd(QuantRows.Q8Codes(r2 + off + 18), s2, hi);
            lo = Vector512.FusedMultiplyAdd(QuantRows.Q8Codes(r3 + off + 2), s3, lo);
            hi = Vector512.FusedMultiplyAdd(QuantRows.Q8Codes(r3 + off + 18), s3, hi);
            Vector512.Store(lo, y);
            Vector512.Store(hi, y + 16);
        }
    }

    /// <summary>y[n0, n1) += x[k] * row k, Q8_0, 512-bit.</summary>
    void Q8Row1(float* yBase, int k, int n0, int n1)
    {
        byte* r = _w + k * _rowBytes;
        for (int b = n0 / 32; b < n1 / 32; b++)
        {
            byte* block = r + b * QuantRows.Q8Bytes;
            float* y = yBase + b * 32;
            var s = Vector512.Create(_x[k] * QuantRows.Half16(block));
            Vector512.Store(Vector512.FusedMultiplyAdd(QuantRows.Q8Codes(block + 2), s, Vector512.Load(y)), y);
            Vector512.Store(
                Vector512.FusedMultiplyAdd(QuantRows.Q8Codes(block + 18), s, Vector512.Load(y + 16)), y + 16);
        }
    }

    /// <summary>y[n0, n1) += x[k] * row k, Q8_0, one value at a time (no AVX-512).</summary>
    void Q8Scalar(float* y, int k, int n0, int n1)
    {
        byte* r = _w + k * _rowBytes;
        for (int b = n0 / 32; b < n1 / 32; b++)
        {
            byte* block = r + b * QuantRows.Q8Bytes;
            float s = _x[k] * QuantRows.Half16(block);
            for (int j = 0; j < 32; j++)
                y[b * 32 + j] += (sbyte)block[2 + j] * s;
        }
    }
}
