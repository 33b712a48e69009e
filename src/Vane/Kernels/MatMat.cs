using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using Vane.Tensors;
using Convert = Vane.Tensors.Convert;

namespace Vane.Kernels;

/// <summary>
/// The prefill linear layer, many tokens: Y[t, r] = W[r, :] . X[t, :] + bias[r].
/// Works in tiles of 4 weight rows x 4 tokens, 16 accumulators in registers, so each weight
/// vector loaded feeds four tokens and each x vector four rows. For F16/BF16 the four rows
/// are first widened into an F32 scratch on the stack, once per block of 64 tokens; quantised
/// rows are dequantised into it block by block the same way (512 columns is whole blocks).
/// </summary>
internal static unsafe class MatMat
{
    const int Tile = 4;

    // Cache blocking: a block of x [TokenBlock, ColBlock] (128 KiB) stays in L2 while every
    // row of the chunk passes over it; partial sums over column blocks accumulate in y.
    const int TokenBlock = 64;
    const int ColBlock = 512;

    /// <summary>Computes rows [rowStart, rowEnd) of every token's output.</summary>
    /// <param name="x">Inputs [tokens, k].</param>
    /// <param name="w">Weights [n, k].</param>
    /// <param name="bias">Bias [n], or null.</param>
    /// <param name="y">Outputs [tokens, n].</param>
    /// <param name="tokens">Rows of x and y.</param>
    /// <param name="rowStart">First weight row computed.</param>
    /// <param name="rowEnd">One past the last weight row computed.</param>
    public static void Run(
        float* x,
        WeightMatrix w,
        float* bias,
        float* y,
        int tokens,
        int rowStart,
        int rowEnd)
    {
        int n = w.Rows, k = w.Cols;
        if (k == 0)
        {
            // No columns: the loops below never store, but y is still the bias (or zero).
            for (int t = 0; t < tokens; t++)
                for (int r = rowStart; r < rowEnd; r++)
                    y[(nint)t * n + r] = bias == null ? 0f : bias[r];
            return;
        }
        bool widen = w.DType != DType.F32;
        int block = w.DType.BlockSize(), blockBytes = w.DType.BlockBytes();
        nint rowBytes = (nint)w.DType.RowBytes(k);
        float* scratch = stackalloc float[Tile * ColBlock]; // [Tile, ColBlock] widened F16/BF16
        float** rp = stackalloc float*[Tile];
        float** xp = stackalloc float*[Tile];
        float* result = stackalloc float[Tile * Tile];

        for (int t0 = 0; t0 < tokens; t0 += TokenBlock)
        {
            int t1 = Math.Min(tokens, t0 + TokenBlock);
            for (int c0 = 0; c0 < k; c0 += ColBlock)
            {
                int width = Math.Min(ColBlock, k - c0);
                for (int r = rowStart; r < rowEnd; r += Tile)
                {
                    // Row pointers; missing rows of a partial tile repeat the last one.
                    int rowCount = Math.Min(Tile, rowEnd - r);
                    for (int i = 0; i < Tile; i++)
                    {
                        byte* row = w.Data + (r + Math.Min(i, rowCount - 1)) * rowBytes
                            + (nint)(c0 / block) * blockBytes;
                        if (!widen)
                            rp[i] = (float*)row;
                        else
                        {
                            rp[i] = scratch + i * ColBlock;
                            if (i < rowCount)
                                Widen(w.DType, row, width, rp[i]);
                        }
                    }

                    for (int t = t0; t < t1; t += Tile)
                    {
                        int tokenCount = Math.Min(Tile, t1 - t);
                        for (int j = 0; j < Tile; j++)
                            xp[j] = x + (nint)(t + Math.Min(j, tokenCount - 1)) * k + c0;

                        TileDots(rp, xp, width, result);
                        Store(result, y + (nint)t * n + r, n, rowCount, tokenCount,
                            c0 == 0 ? bias == null ? null : bias + r : null, c0 == 0);
                    }
                }
            }
        }
    }

    /// <summary>Converts <paramref name="count"/> stored values at <paramref name="row"/> to F32.</summary>
    static void Widen(DType dtype, byte* row, int count, float* destination)
    {
        if (dtype.IsQuantized())
            QuantRows.Dequantize(dtype, row, count, destination);
        else
        {
            var stored = new ReadOnlySpan<byte>(row, count * dtype.Size());
            Convert.ToSingle(dtype, stored, new Span<float>(destination, count));
        }
    }

    /// <summary>Writes (first column block) or adds a tile's sums into y [tokens, n].</summary>
    static void Store(float* result, float* y, int n, int rowCount, int tokenCount, float* bias, bool first)
    {
        for (int j = 0; j < tokenCount; j++)
        {
            float* yt = y + (nint)j * n;
            for (int i = 0; i < rowCount; i++)
            {
                float sum = result[i * Tile + j];
                if (first)
                    yt[i] = bias == null ? sum : sum + bias[i];
                else
                    yt[i] += sum;
            }
        }
    }

    /// <summary>result[i * 4 + j] = w[i] . x[j] for a 4 x 4 tile.</summary>
    static void TileDots(float** w, float** x, int k, float* result)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated && k >= Vector512<float>.Count)
            i = Tile512(w, x, k, result);
        else if (Vector256.IsHardwareAccelerated && k >= Vector256<float>.Count)
            i = Tile256(w, x, k, result);
        else
        {
            for (int a = 0; a < Tile; a++)
                for (int b = 0; b < Tile; b++)
                    result[a * Tile + b] = TensorPrimitives.Dot(
                        new ReadOnlySpan<float>(w[a], k), new ReadOnlySpan<float>(x[b], k));
            return;
        }

        // Columns left over after the last full vector.
        for (; i < k; i++)
            for (int a = 0; a < Tile; a++)
                for (int b = 0; b < Tile; b++)
                    result[a * Tile + b] += w[a][i] * x[b][i];
    }

    /// <summary>The 512-bit tile; returns the first column it did not cover.</summary>
    static int Tile512(float** w, float** x, int k, float* result)
    {
        float* w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3];
        float* x0 = x[0], x1 = x[1], x2 = x[2], x3 = x[3];
        Vector512<float> c00 = default, c01 = default, c02 = default, c03 = default;
        Vector512<float> c10 = default, c11 = default, c12 = default, c13 = default;
        Vector512<float> c20 = default, c21 = default, c22 = default, c23 = default;
        Vector512<float> c30 = default, c31 = default, c32 = default, c33 = default;
        int i = 0;
        for (; i <= k - 16; i += 16)
        {
            var v0 = Vector512.Load(w0 + i);
            var v1 = Vector512.Load(w1 + i);
            var v2 = Vector512.Load(w2 + i);
            var v3 = Vector512.Load(w3 + i);

            var u = Vector512.Load(x0 + i);
            c00 = Vector512.FusedMultiplyAdd(v0, u, c00);
            c10 = Vector512.FusedMultiplyAdd(v1, u, c10);
            c20 = Vector512.FusedMultiplyAdd(v2, u, c20);
            c30 = Vector512.FusedMultiplyAdd(v3, u, c30);

            u = Vector512.Load(x1 + i);
            c01 = Vector512.FusedMultiplyAdd(v0, u, c01);
            c11 = Vector512.FusedMultiplyAdd(v1, u, c11);
            c21 = Vector512.FusedMultiplyAdd(v2, u, c21);
            c31 = Vector512.FusedMultiplyAdd(v3, u, c31);

            u = Vector512.Load(x2 + i);
            c02 = Vector512.FusedMultiplyAdd(v0, u, c02);
            c12 = Vector512.FusedMultiplyAdd(v1, u, c12);
            c22 = Vector512.FusedMultiplyAdd(v2, u, c22);
            c32 = Vector512.FusedMultiplyAdd(v3, u, c32);

            u = Vector512.Load(x3 + i);
            c03 = Vector512.FusedMultiplyAdd(v0, u, c03);
            c13 = Vector512.FusedMultiplyAdd(v1, u, c13);
            c23 = Vector512.FusedMultiplyAdd(v2, u, c23);
            c33 = Vector512.FusedMultiplyAdd(v3, u, c33);
        }
        result[0] = Vector512.Sum(c00);
        result[1] = Vector512.Sum(c01);
        result[2] = Vector512.Sum(c02);
        result[3] = Vector512.Sum(c03);
        result[4] = Vector512.Sum(c10);
        result[5] = Vector512.Sum(c11);
        result[6] = Vector512.Sum(c12);
        result[7] = Vector512.Sum(c13);
        result[8] = Vector512.Sum(c20);
        result[9] = Vector512.Sum(c21);
        result[10] = Vector512.Sum(c22);
        result[11] = Vector512.Sum(c23);
        result[12] = Vector512.Sum(c30);
        result[13] = Vector512.Sum(c31);
        result[14] = Vector512.Sum(c32);
        result[15] = Vector512.Sum(c33);
        return i;
    }

    /// <summary>The 256-bit version of <see cref="Tile512"/>.</summary>
    static int Tile256(float** w, float** x, int k, float* result)
    {
        float* w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3];
        float* x0 = x[0], x1 = x[1], x2 = x[2], x3 = x[3];
        Vector256<float> c00 = default, c01 = default, c02 = default, c03 = default;
        Vector256<float> c10 = default, c11 = default, c12 = default, c13 = default;
        Vector256<float> c20 = default, c21 = default, c22 = default, c23 = default;
        Vector256<float> c30 = default, c31 = default, c32 = default, c33 = default;
        int i = 0;
        for (; i <= k - 8; i += 8)
        {
            var v0 = Vector256.Load(w0 + i);
            var v1 = Vector256.Load(w1 + i);
            var v2 = Vector256.Load(w2 + i);
            var v3 = Vector256.Load(w3 + i);

            var u = Vector256.Load(x0 + i);
            c00 = Vector256.FusedMultiplyAdd(v0, u, c00);
            c10 = Vector256.FusedMultiplyAdd(v1, u, c10);
            c20 = Vector256.FusedMultiplyAdd(v2, u, c20);
            c30 = Vector256.FusedMultiplyAdd(v3, u, c30);

            u = Vector256.Load(x1 + i);
            c01 = Vector256.FusedMultiplyAdd(v0, u, c01);
            c11 = Vector256.FusedMultiplyAdd(v1, u, c11);
            c21 = Vector256.FusedMultiplyAdd(v2, u, c21);
            c31 = Vector256.FusedMultiplyAdd(v3, u, c31);

            u = Vector256.Load(x2 + i);
            c02 = Vector256.FusedMultiplyAdd(v0, u, c02);
            c12 = Vector256.FusedMultiplyAdd(v1, u, c12);
            c22 = Vector256.FusedMultiplyAdd(v2, u, c22);
            c32 = Vector256.FusedMultiplyAdd(v3, u, c32);

            u = Vector256.Load(x3 + i);
            c03 = Vector256.FusedMultiplyAdd(v0, u, c03);
            c13 = Vector256.FusedMultiplyAdd(v1, u, c13);
            c23 = Vector256.FusedMultiplyAdd(v2, u, c23);
            c33 = Vector256.FusedMultiplyAdd(v3, u, c33);
        }
        result[0] = Vector256.Sum(c00);
        result[1] = Vector256.Sum(c01);
        result[2] = Vector256.Sum(c02);
        result[3] = Vector256.Sum(c03);
        result[4] = Vector256.Sum(c10);
        result[5] = Vector256.Sum(c11);
        result[6] = Vector256.Sum(c12);
        result[7] = Vector256.Sum(c13);
        result[8] = Vector256.Sum(c20);
        result[9] = Vector256.Sum(c21);
        result[10] = Vector256.Sum(c22);
        result[11] = Vector256.Sum(c23);
        result[12] = Vector256.Sum(c30);
        result[13] = Vector256.Sum(c31);
        result[14] = Vector256.Sum(c32);
        result[15] = Vector256.Sum(c33);
        return i;
    }
}
