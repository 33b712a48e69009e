namespace Vane.Kernels;

/// <summary>
/// Rotary position embedding in the Hugging Face layout: dimension i of a head
/// is rotated with dimension i + dHead/2 ("rotate_half"), by angle pos * invFreq[i].
/// </summary>
public static class Rope
{
    /// <summary>Rotates every head of one token row in place.</summary>
    /// <param name="x">Query or key row [nHeads * dHead].</param>
    /// <param name="nHeads">Heads in the row.</param>
    /// <param name="dHead">Width of one head; even.</param>
    /// <param name="cos">cos(pos * invFreq) [dHead / 2].</param>
    /// <param name="sin">sin(pos * invFreq) [dHead / 2].</param>
    /// <exception cref="ArgumentException">dHead is odd or not positive, nHeads is negative, or a
    /// span is too short.</exception>
    public static void Apply(
        Span<float> x,
        int nHeads,
        int dHead,
        ReadOnlySpan<float> cos,
        ReadOnlySpan<float> sin)
    {
        if (dHead <= 0 || dHead % 2 != 0 || nHeads < 0)
            throw new ArgumentException($"nHeads={nHeads}, dHead={dHead}: need nHeads >= 0, dHead even and > 0");
        if (x.Length < (long)nHeads * dHead)
            throw new ArgumentException($"x has {x.Length} values, expected {nHeads} x {dHead}", nameof(x));
        int half = dHead / 2;
        if (cos.Length < half || sin.Length < half)
            throw new ArgumentException($"cos/sin have {cos.Length}/{sin.Length} values, expected {half}");
        for (int h = 0; h < nHeads; h++)
        {
            var head = x.Slice(h * dHead, dHead);
            for (int i = 0; i < half; i++)
            {
                float a = head[i], b = head[i + half];
                head[i] = a * cos[i] - b * sin[i];
                head[i + half] = b * cos[i] + a * sin[i];
            }
        }
    }
}
