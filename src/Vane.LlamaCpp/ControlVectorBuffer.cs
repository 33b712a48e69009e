using LLama.Native;
using Vane.Steering;

namespace Vane.LlamaCpp;

/// <summary>
/// A steering vector in the layout of llama.cpp's <c>llama_set_adapter_cvec</c>: one float
/// buffer of n_embd values per layer starting at layer 1 (the first n_embd floats are added to
/// the output of block 1, slot k-1 to block k; block 0 has no slot).
/// </summary>
internal static class ControlVectorBuffer
{
    /// <summary>
    /// The buffer [maxBlock, nEmbd] for <paramref name="vector"/> times <paramref name="strength"/>;
    /// blocks without a direction are zero.
    /// </summary>
    public static float[] Build(SteeringVector vector, float strength, int nEmbd, int nLayers, string model)
    {
        if (vector.Directions.Count == 0)
            throw new ArgumentException("the steering vector has no direction", nameof(vector));
        if (vector.DModel != nEmbd)
            throw new ArgumentException(
                $"{model}: the vector's width is {vector.DModel}, expected the model's n_embd {nEmbd}");
        int maxBlock = vector.Directions.Keys.Max();
        var data = new float[maxBlock * nEmbd]; // [maxBlock, nEmbd], row k-1 for block k
        foreach (var (block, direction) in vector.Directions)
        {
            if (block == 0)
                throw new ArgumentException(
                    $"{model}: block 0 has a direction, but llama.cpp cannot add a control vector to block 0");
            if (block >= nLayers)
                throw new ArgumentException($"{model}: block {block}, expected 1..{nLayers - 1}");
            var row = data.AsSpan((block - 1) * nEmbd, nEmbd);
            for (int i = 0; i < nEmbd; i++)
                row[i] = strength * direction[i];
        }
        return data;
    }

    /// <summary>Hands <paramref name="data"/> to llama.cpp for blocks ilStart..ilEnd (inclusive).</summary>
    public static unsafe void Apply(SafeLLamaContextHandle ctx, float[] data, int nEmbd, int ilStart, int ilEnd,
        string model)
    {
        int rc;
        fixed (float* p = data) // llama.cpp copies the values into its own tensors
            rc = NativeApi.llama_set_adapter_cvec(ctx, p, (nuint)data.Length, nEmbd, ilStart, ilEnd);
        if (rc != 0)
            throw new InvalidOperationException($"{model}: llama_set_adapter_cvec failed with {rc}");
    }

    /// <summary>Turns the control vector off (llama.cpp keeps its buffers for the next one).</summary>
    public static unsafe void Clear(SafeLLamaContextHandle ctx, string model)
    {
        int rc = NativeApi.llama_set_adapter_cvec(ctx, null, 0, 0, -1, -1);
        if (rc != 0)
            throw new InvalidOperationException($"{model}: llama_set_adapter_cvec (clear) failed with {rc}");
    }
}
