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
    byte* _w;             // [K, RowStride]
    long _rowBytes;       // RowStride
    long _codes;          // Q8_0: offset of a row's codes (its scales come first)
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
    // and for short rows (k and v: 128 outputs) enough rows to be about 8 KiB ahead. The hints
    // are T1 (into L2, not L1): a T0 hint holds one of the core's few L1 miss buffers until its
    // line arrives, which capped the Q8_0 kernels below the dense product's bandwidth; with T1
    // the cold bench's 896 x 4864 Q8_0 product at 0% went from 0.28 to 0.16 ms (dense: 0.26).
    const int MinAhead = 8, MaxAhead = 64, AheadBytes = 8 << 10;
    int _ahead;

    /// <summary>Partial outputs [chunks - 1, N] for the split by rows.</summary>
    public float* Partial;

    public void Set(float* x, InputMajorMatrix w, int* active, int count, float* bias, float* y)
    {
        _x = x;
        _w = w.Data;
        _rowBytes = w.RowStride;
        _codes = w.DType == DType.Q8_0 ? InputMajorMatrix.CodesOffset(w.Outputs) : 0;
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
            // x[k] * d per row and block, in strides of 16 (RowScales converts 16 at a time)
            float* scales = stackalloc float[4 * ScaleStride(n0, n1)];
            for (; a + 4 <= a1; a += 4)
            {
                Q8Rows4(y, a, n0, n1, Math.Min(a + _ahead, a1 - 4), scales);
            }
            for (; a < a1; a++)
                Q8Row1(y, _active[a], n0, n1, scales);
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
                Sse.Prefetch1(p0 + i);
                Sse.Prefetch1(p1 + i);
                Sse.Prefetch1(p2 + i);
                Sse.Prefetch1(p3 + i);
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
    /// y[n0, n1) += sum of x[k] * row k over active[a .. a + 4), Q8_0 rows: each row's scales
    /// times its x[k] first (<see cref="RowScales"/>), then the codes a 32-output block at a
    /// time, prefetching the same codes of the rows active[ahead .. ahead + 4).
    /// </summary>
    void Q8Rows4(float* yBase, int a, int n0, int n1, int ahead, float* scales)
    {
        int blocks = ScaleStride(n0, n1), b0 = n0 / 32;
        byte* r0 = _w + _active[a] * _rowBytes, r1 = _w + _active[a + 1] * _rowBytes;
        byte* r2 = _w + _active[a + 2] * _rowBytes, r3 = _w + _active[a + 3] * _rowBytes;
        RowScales(r0, _x[_active[a]], b0, blocks, scales);
        RowScales(r1, _x[_active[a + 1]], b0, blocks, scales + blocks);
        RowScales(r2, _x[_active[a + 2]], b0, blocks, scales + 2 * blocks);
        RowScales(r3, _x[_active[a + 3]], b0, blocks, scales + 3 * blocks);
        byte* p0 = _w + _active[ahead] * _rowBytes, p1 = _w + _active[ahead + 1] * _rowBytes;
        byte* p2 = _w + _active[ahead + 2] * _rowBytes, p3 = _w + _active[ahead + 3] * _rowBytes;
        for (long off = b0 * 2 & ~63L; off < _codes; off += 64) // the scale lines ahead
        {
            Sse.Prefetch1(p0 + off);
            Sse.Prefetch1(p1 + off);
            Sse.Prefetch1(p2 + off);
            Sse.Prefetch1(p3 + off);
        }
        r0 += _codes;
        r1 += _codes;
        r2 += _codes;
        r3 += _codes;
        p0 += _codes;
        p1 += _codes;
        p2 += _codes;
        p3 += _codes;
        for (int j = 0; j < (n1 - n0) / 32; j++)
        {
            long off = (long)(b0 + j) * 32;
            float* y = yBase + off;
            if ((off & 63) == 0 || j == 0)
            {
                Sse.Prefetch1(p0 + off);
                Sse.Prefetch1(p1 + off);
                Sse.Prefetch1(p2 + off);
                Sse.Prefetch1(p3 + off);
            }
            var s0 = Vector512.Create(scales[j]);
            var s1 = Vector512.Create(scales[blocks + j]);
            var s2 = Vector512.Create(scales[2 * blocks + j]);
            var s3 = Vector512.Create(scales[3 * blocks + j]);
            var lo = Vector512.FusedMultiplyAdd(QuantRows.Q8Codes(r0 + off), s0, Vector512.Load(y));
            var hi = Vector512.FusedMultiplyAdd(QuantRows.Q8Codes(r0 + off + 16), s0, Vector512.Load(y + 16));
            var lo2 = QuantRows.Q8Codes(r1 + off) * s1;
            var hi2 = QuantRows.Q8Codes(r1 + off + 16) * s1;
            lo = Vector512.FusedMultiplyAdd(QuantRows.Q8Codes(r2 + off), s2, lo);
            hi = Vector512.FusedMultiplyAdd(QuantRows.Q8Codes(r2 + off + 16), s2, hi);
            lo2 = Vector512.FusedMultiplyAdd(QuantRows.Q8Codes(r3 + off), s3, lo2);
            hi2 = Vector512.FusedMultiplyAdd(QuantRows.Q8Codes(r3 + off + 16), s3, hi2);
            Vector512.Store(lo + lo2, y);
            Vector512.Store(hi + hi2, y + 16);
        }
    }

    /// <summary>Floats per row in the scratch of row scales: the blocks of [n0, n1), rounded up
    /// to 16.</summary>
    static int ScaleStride(int n0, int n1) => ((n1 - n0) / 32 + 15) & ~15;

    /// <summary>
    /// scales[j] = x * (fp16 scale of block b0 + j) for j in [0, blocks), sixteen scales a step
    /// (blocks is a multiple of 16; the scales past the row's last are its zero padding while they
    /// stay inside the scale lines): the binary16 bits are moved into place and rescaled by 2^112,
    /// as in <see cref="QuantRows.Half16"/>.
    /// </summary>
    void RowScales(byte* row, float x, int b0, int blocks, float* scales)
    {
        ushort* h = (ushort*)row + b0;
        var xs = Vector512.Create(x);
        var rescale = Vector512.Create(5.192296858534828e33f);
        int j = 0, inLines = (int)(_codes / 2) - b0; // scales readable before the codes begin
        for (; j <= Math.Min(blocks, inLines) - 16; j += 16)
        {
            var bits = Avx512F.ConvertToVector512UInt32(Vector256.Load(h + j));
            var magnitude = ((bits & Vector512.Create(0x7FFFu)) << 13).AsSingle() * rescale * xs;
            var sign = (bits & Vector512.Create(0x8000u)) << 16;
            Vector512.Store((magnitude.AsUInt32() ^ sign).AsSingle(), scales + j);
        }
        for (; j < blocks; j++)
            scales[j] = x * QuantRows.Half16((byte*)(h + j));
    }

    /// <summary>y[n0, n1) += x[k] * row k, Q8_0, 512-bit.</summary>
    void Q8Row1(float* yBase, int k, int n0, int n1, float* scales)
    {
        int blocks = ScaleStride(n0, n1), b0 = n0 / 32;
        byte* r = _w + k * _rowBytes;
        RowScales(r, _x[k], b0, blocks, scales);
        byte* codes = r + _codes;
        for (int j = 0; j < (n1 - n0) / 32; j++)
        {
            long off = (long)(b0 + j) * 32;
            float* y = yBase + off;
            var s = Vector512.Create(scales[j]);
            Vector512.Store(Vector512.FusedMultiplyAdd(QuantRows.Q8Codes(codes + off), s, Vector512.Load(y)), y);
            Vector512.Store(
                Vector512.FusedMultiplyAdd(QuantRows.Q8Codes(codes + off + 16), s, Vector512.Load(y + 16)), y + 16);
        }
    }

    /// <summary>y[n0, n1) += x[k] * row k, Q8_0, one value at a time (no AVX-512).</summary>
    void Q8Scalar(float* y, int k, int n0, int n1)
    {
        byte* r = _w + k * _rowBytes;
        sbyte* codes = (sbyte*)(r + _codes);
        for (int b = n0 / 32; b < n1 / 32; b++)
        {
            float s = _x[k] * QuantRows.Half16(r + 2 * b);
            for (int j = 0; j < 32; j++)
                y[b * 32 + j] += codes[b * 32 + j] * s;
        }
    }
}
