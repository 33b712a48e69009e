using System.Diagnostics;
using LLama;
using LLama.Common;
using LLama.Native;
using Vane.Steering;

namespace Vane.LlamaCpp;

/// <summary>
/// A GGUF file loaded by llama.cpp (LLamaSharp's CPU backend), used as the reference
/// that Vane is compared with: next-token logits, greedy ids and speed on the same file.
/// Keys and values are cached in F32 so that logits are comparable to Vane's.
/// </summary>
public sealed class LlamaCppModel : IDisposable
{
    readonly LLamaWeights _weights;
    readonly LLamaContext _context;
    readonly int _vocab;

    /// <summary>Path of the GGUF file.</summary>
    public string Path { get; }

    /// <summary>Context length of the llama.cpp context.</summary>
    public int ContextSize { get; }

    /// <summary>Loads <paramref name="path"/> with <paramref name="threads"/> threads (0 = all cores).</summary>
    public LlamaCppModel(string path, int contextSize = 512, int threads = 0)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: GGUF file not found", path);
        LlamaCppNative.Quiet();
        threads = threads > 0 ? threads : Environment.ProcessorCount;
        var p = new ModelParams(path)
        {
            ContextSize = (uint)contextSize,
            BatchSize = (uint)contextSize,
            UBatchSize = (uint)contextSize,
            Threads = threads,
            BatchThreads = threads,
            GpuLayerCount = 0,
            TypeK = GGMLType.GGML_TYPE_F32,
            TypeV = GGMLType.GGML_TYPE_F32,
        };
        Path = path;
        ContextSize = contextSize;
        _weights = LLamaWeights.LoadFromFile(p);
        _context = _weights.CreateContext(p);
        _vocab = _weights.Vocab.Count;
    }

    /// <summary>Vocabulary size as llama.cpp reads it.</summary>
    public int VocabSize => _vocab;

    /// <summary>Next-token logits [VocabSize] after <paramref name="tokens"/>, from a fresh sequence.</summary>
    public float[] Logits(IReadOnlyList<int> tokens)
    {
        Reset();
        Decode(tokens, 0);
        return _context.NativeHandle.GetLogitsIth(tokens.Count - 1).ToArray();
    }

    /// <summary>Greedy continuation of <paramref name="prompt"/>: <paramref name="count"/> ids.</summary>
    public int[] Greedy(IReadOnlyList<int> prompt, int count)
    {
        Reset();
        Decode(prompt, 0);
        var output = new List<int>();
        int pos = prompt.Count;
        int last = prompt.Count - 1;
        for (int i = 0; i < count; i++)
        {
            int next = ArgMax(_context.NativeHandle.GetLogitsIth(last));
            output.Add(next);
            if (i == count - 1)
                break;
            Decode([next], pos++);
            last = 0;
        }
        return [.. output];
    }

    /// <summary>
    /// Times a prompt pass of <paramref name="promptTokens"/> and <paramref name="decodeTokens"/>
    /// greedy steps; returns (prompt tokens/s, decode tokens/s).
    /// </summary>
    public (double Prompt, double Decode) Speed(int[] promptTokens, int decodeTokens)
    {
        Reset();
        var sw = Stopwatch.StartNew();
        Decode(promptTokens, 0);
        double promptSeconds = sw.Elapsed.TotalSeconds;
        sw.Restart();
        int pos = promptTokens.Length, last = promptTokens.Length - 1;
        for (int i = 0; i < decodeTokens; i++)
        {
            int next = ArgMax(_context.NativeHandle.GetLogitsIth(last));
            Decode([next], pos++);
            last = 0;
        }
        return (promptTokens.Length / promptSeconds, decodeTokens / sw.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Adds <paramref name="strength"/> x <paramref name="vector"/> to the output of each of its
    /// blocks (llama.cpp's l_out, Vane's blocks.L.hook_resid_post) at every position, in all later
    /// calls until <see cref="ClearControlVector"/>. Replaces any vector set before. Block 0 cannot
    /// be steered: llama.cpp keeps no control vector slot for it.
    /// </summary>
    public void SetControlVector(SteeringVector vector, float strength = 1f)
    {
        if (!float.IsFinite(strength))
            throw new ArgumentException($"strength {strength} is not a finite number", nameof(strength));
        float[] data = ControlVectorBuffer.Build(vector, strength, EmbeddingSize, LayerCount, Path);
        var blocks = vector.Directions.Keys;
        ControlVectorBuffer.Apply(_context.NativeHandle, data, EmbeddingSize, blocks.Min(), blocks.Max(), Path);
    }

    /// <summary>Removes the control vector set by <see cref="SetControlVector"/>.</summary>
    public void ClearControlVector() => ControlVectorBuffer.Clear(_context.NativeHandle, Path);

    /// <summary>Model width (n_embd) as llama.cpp reads it.</summary>
    public int EmbeddingSize => _weights.EmbeddingSize;

    /// <summary>Number of blocks (n_layer) as llama.cpp reads it.</summary>
    public int LayerCount => _weights.NativeHandle.LayerCount;

    void Reset() => _context.NativeHandle.MemoryClear(true);

    void Decode(IReadOnlyList<int> tokens, int start)
    {
        if (start + tokens.Count > ContextSize)
            throw new ArgumentException($"{start + tokens.Count} tokens exceed the llama.cpp context of {ContextSize}");
        var batch = new LLamaBatch();
        for (int i = 0; i < tokens.Count; i++)
            batch.Add(tokens[i], start + i, LLamaSeqId.Zero, i == tokens.Count - 1);
        var result = _context.Decode(batch);
        if (result != DecodeResult.Ok)
            throw new InvalidOperationException($"{Path}: llama.cpp decode failed with {result}");
    }

    static int ArgMax(ReadOnlySpan<float> x)
    {
        int best = 0;
        for (int i = 1; i < x.Length; i++)
            if (x[i] > x[best])
                best = i;
        return best;
    }

    /// <summary>Frees the llama.cpp context and weights.</summary>
    public void Dispose()
    {
        _context.Dispose();
        _weights.Dispose();
    }
}
