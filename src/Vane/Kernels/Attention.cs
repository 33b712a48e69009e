using System.Numerics.Tensors;

namespace Vane.Kernels;

/// <summary>Scaled dot-product attention of one query row over cached keys and values.</summary>
public static class Attention
{
    /// <summary>
    /// For each query head h (sharing key/value head h / (nHeads / nKvHeads)):
    /// out_h = softmax(q_h . K^T * scale) V, over the first <paramref name="context"/> cache rows.
    /// </summary>
    /// <param name="q">Query row [nHeads * dHead].</param>
    /// <param name="keys">Cached keys [>= context, nKvHeads * dHead].</param>
    /// <param name="values">Cached values [>= context, nKvHeads * dHead].</param>
    /// <param name="context">Number of cache rows attended to (causal prefix).</param>
    /// <param name="nHeads">Query heads.</param>
    /// <param name="nKvHeads">Key/value heads; divides nHeads.</param>
    /// <param name="dHead">Width of one head.</param>
    /// <param name="scale">Score scale, usually 1/sqrt(dHead).</param>
    /// <param name="output">Result [nHeads * dHead].</param>
    /// <param name="scores">Scratch [>= context].</param>
    /// <exception cref="ArgumentException">A head count or width is not positive, nKvHeads does not
    /// divide nHeads, context is negative, or a span is too short.</exception>
    public static void Compute(
        ReadOnlySpan<float> q,
        ReadOnlySpan<float> keys,
        ReadOnlySpan<float> values,
        int context,
        int nHeads,
        int nKvHeads,
        int dHead,
        float scale,
        Span<float> output,
        Span<float> scores)
    {
        if (nHeads <= 0 || nKvHeads <= 0 || dHead <= 0 || nHeads % nKvHeads != 0)
            throw new ArgumentException(
                $"nHeads={nHeads}, nKvHeads={nKvHeads}, dHead={dHead}: need positive, nKvHeads dividing nHeads");
        int kvWidth = nKvHeads * dHead;
        if (context < 0 || scores.Length < context)
            throw new ArgumentException($"context {context} with {scores.Length} score slots", nameof(context));
        if (keys.Length < (long)context * kvWidth || values.Length < (long)context * kvWidth)
            throw new ArgumentException(
                $"keys/values have {keys.Length}/{values.Length} values, expected {context} x {kvWidth}");
        if (q.Length < nHeads * dHead || output.Length < nHeads * dHead)
            throw new ArgumentException(
                $"q/output have {q.Length}/{output.Length} values, expected {nHeads} x {dHead}");
        if (context == 0)
        {
            output[..(nHeads * dHead)].Clear(); // nothing to attend to
            return;
        }
        int group = nHeads / nKvHeads;
        var s = scores[..context];
        for (int h = 0; h < nHeads; h++)
        {
            var qh = q.Slice(h * dHead, dHead);
            int kvOffset = h / group * dHead;
            for (int p = 0; p < context; p++)
                s[p] = TensorPrimitives.Dot(qh, keys.Slice(p * kvWidth + kvOffset, dHead)) * scale;
            Activations.SoftmaxInPlace(s);

            var oh = output.Slice(h * dHead, dHead);
            oh.Clear();
            for (int p = 0; p < context; p++)
                TensorPrimitives.MultiplyAdd(values.Slice(p * kvWidth + kvOffset, dHead), s[p], oh, oh);
        }
    }
}
