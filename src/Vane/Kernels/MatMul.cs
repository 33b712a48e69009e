using System.Numerics.Tensors;
using Vane.Tensors;

namespace Vane.Kernels;

/// <summary>The linear layer: y = x W^T (+ b), for one or many token rows.</summary>
public static unsafe class MatMul
{
    /// <summary>
    /// y[t, n] = sum_k x[t, k] * w[n, k] + bias[n], for t in [0, tokens).
    /// </summary>
    /// <param name="x">Inputs [tokens, w.Cols].</param>
    /// <param name="w">Weights [N, K] in any stored dtype.</param>
    /// <param name="bias">Bias [N], or empty for none.</param>
    /// <param name="y">Outputs [tokens, w.Rows]; must not overlap <paramref name="x"/>.</param>
    /// <param name="tokens">Number of rows of x and y.</param>
    public static void Multiply(
        ReadOnlySpan<float> x,
        WeightMatrix w,
        ReadOnlySpan<float> bias,
        Span<float> y,
        int tokens)
    {
        int n = w.Rows, k = w.Cols;
        if (x.Length < (long)tokens * k)
            throw new ArgumentException($"x has {x.Length} values, expected {tokens} x {k}", nameof(x));
        if (y.Length < (long)tokens * n)
            throw new ArgumentException($"y has {y.Length} values, expected {tokens} x {n}", nameof(y));
        if (!bias.IsEmpty && bias.Length != n)
            throw new ArgumentException($"bias has {bias.Length} values, expected {n}", nameof(bias));
        if (tokens == 0 || n == 0)
            return;

        fixed (float* px = x, py = y, pb = bias)
        {
            var job = new Job(px, w, pb, bias.IsEmpty ? null : pb, py, tokens);
            int chunks = Math.Min(n, Environment.ProcessorCount * 4);
            if ((long)n * k * tokens < 64 * 1024 || chunks <= 1)
                job.Run(0, n);
            else
                Parallel.For(0, chunks, c => job.Run(
                    (int)((long)n * c / chunks), (int)((long)n * (c + 1) / chunks)));
        }
    }

    readonly struct Job(float* x, WeightMatrix w, float* unused, float* bias, float* y, int tokens)
    {
        public void Run(int rowStart, int rowEnd)
        {
            int n = w.Rows, k = w.Cols;
            float[]? scratch = w.DType == DType.F32 ? null : new float[k];
            for (int r = rowStart; r < rowEnd; r++)
            {
                ReadOnlySpan<float> row;
                if (scratch is null)
                    row = new ReadOnlySpan<float>(w.Data + (long)r * k * 4, k);
                else
                {
                    w.ReadRow(r, scratch);
                    row = scratch;
                }
                float b = bias is null ? 0f : bias[r];
                for (int t = 0; t < tokens; t++)
                {
                    var xt = new ReadOnlySpan<float>(x + (long)t * k, k);
                    y[(long)t * n + r] = TensorPrimitives.Dot(row, xt) + b;
                }
            }
            _ = unused;
        }
    }
}
