namespace Vane.Loading.Gguf;

/// <summary>
/// The row order llama.cpp's converter gives the q and k weights of arch "llama".
/// Hugging Face stores each head's rows in "rotate_half" order: dimension j pairs with
/// j + DHead/2. llama.cpp's rope for llama pairs adjacent rows instead, so the converter
/// interleaves the two halves: GGUF row 2j + s of a head is HF row s * DHead/2 + j.
/// Vane computes with rotate_half, so the loader undoes this and the converter redoes it.
/// </summary>
static class QkPermutation
{
    /// <summary>
    /// For each HF row (the destination), the GGUF row holding it [heads * dHead]: the order
    /// to read a llama GGUF's q or k rows in.
    /// </summary>
    public static int[] GgufRowsForHf(int heads, int dHead) =>
        Build(heads, dHead, (half, j) => (half * (dHead / 2) + j, 2 * j + half));

    /// <summary>
    /// For each GGUF row (the destination), the HF row it holds [heads * dHead]: the order
    /// to write a model's q or k rows in. The inverse of <see cref="GgufRowsForHf"/>.
    /// </summary>
    public static int[] HfRowsForGguf(int heads, int dHead) =>
        Build(heads, dHead, (half, j) => (2 * j + half, half * (dHead / 2) + j));

    // map(half, j) gives (destination, source) offsets within one head.
    static int[] Build(int heads, int dHead, Func<int, int, (int Dst, int Src)> map)
    {
        if (dHead % 2 != 0)
            throw new ArgumentException($"head width {dHead} is odd; RoPE needs pairs", nameof(dHead));
        var order = new int[heads * dHead];
        for (int h = 0; h < heads; h++)
            for (int half = 0; half < 2; half++)
                for (int j = 0; j < dHead / 2; j++)
                {
                    var (dst, src) = map(half, j);
                    order[h * dHead + dst] = h * dHead + src;
                }
        return order;
    }

    /// <summary>Rows of <paramref name="values"/> [order.Length, cols] taken in <paramref name="order"/>.</summary>
    public static float[] Apply(ReadOnlySpan<float> values, int[] order, int cols)
    {
        var result = new float[order.Length * cols];
        for (int r = 0; r < order.Length; r++)
            values.Slice(order[r] * cols, cols).CopyTo(result.AsSpan(r * cols, cols));
        return result;
    }
}
