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
    public static void Apply(Span<float> x, int nHeads, int dHead, ReadOnlySpan<float> cos, ReadOnlySpan<float> sin)
    {
        int half = dHead / 2;
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
