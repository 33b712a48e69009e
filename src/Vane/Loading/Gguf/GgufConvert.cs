using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vane.Model;
using Vane.Tensors;
using static Vane.Loading.Gguf.GgufNames;

namespace Vane.Loading.Gguf;

/// <summary>
/// Writes a model as a GGUF file in llama.cpp's naming: hyper-parameters, then every tensor.
/// Matrices are stored as the requested type (falling back to F16 where a row is not a whole
/// number of quantisation blocks); norms and biases are always F32. The q and k rows of arch
/// llama are interleaved as llama.cpp's converter does. Tokenizer metadata is not written here:
/// pass it through <c>extraMetadata</c>; without it llama.cpp cannot run the file.
/// </summary>
public static class GgufConvert
{
    /// <summary>
    /// Loads the Hugging Face model in <paramref name="hfFolder"/> and writes it to
    /// <paramref name="outPath"/>.
    /// </summary>
    /// <param name="hfFolder">A folder with config.json and safetensors weights.</param>
    /// <param name="outPath">The .gguf file to write (atomically: temporary file, then rename).</param>
    /// <param name="type">Type of the matrices: F32, F16, BF16 or Q8_0.</param>
    /// <param name="extraMetadata">
    /// Extension point called after the hyper-parameters are added, to add more keys
    /// (the tokenizer.ggml.* keys); null for none.
    /// </param>
    /// <param name="logger">Receives a line saying what was written.</param>
    public static void FromHf(
        string hfFolder,
        string outPath,
        GgmlType type,
        Action<GgufWriter>? extraMetadata = null,
        ILogger? logger = null)
    {
        using var model = HfModelLoader.Load(hfFolder, logger);
        FromModel(model, outPath, type, extraMetadata, logger);
    }

    /// <summary>
    /// Writes <paramref name="model"/> (from any source) to <paramref name="outPath"/>;
    /// the model is not changed.
    /// </summary>
    /// <param name="model">The model to write.</param>
    /// <param name="outPath">The .gguf file to write (atomically: temporary file, then rename).</param>
    /// <param name="type">Type of the matrices: F32, F16, BF16 or Q8_0.</param>
    /// <param name="extraMetadata">
    /// Extension point called after the hyper-parameters are added, to add more keys
    /// (the tokenizer.ggml.* keys); null for none.
    /// </param>
    /// <param name="logger">Receives a line saying what was written.</param>
    public static void FromModel(
        TransformerModel model,
        string outPath,
        GgmlType type,
        Action<GgufWriter>? extraMetadata = null,
        ILogger? logger = null) =>
        FromModel(model, outPath, type, extraMetadata, logger, permuteQk: true);

    /// <summary>As the public overload; <paramref name="permuteQk"/> false is for tests only.</summary>
    internal static void FromModel(
        TransformerModel model,
        string outPath,
        GgmlType type,
        Action<GgufWriter>? extraMetadata,
        ILogger? logger,
        bool permuteQk)
    {
        logger ??= NullLogger.Instance;
        var c = model.Config;
        var w = new GgufWriter();
        GgufHyperParams.Write(w, c, ModelName(model.Source), type);
        extraMetadata?.Invoke(w);

        var t = new TensorSink(w, type);
        t.Matrix(TokenEmbd, model.TokenEmbedding);
        if (model.PositionEmbedding is { } pos)
            t.Matrix(PositionEmbd, pos);
        for (int i = 0; i < c.NLayers; i++)
        {
            if (c.Architecture == Architecture.Gpt2)
                AddGpt2Block(t, i, model.Layers[i]);
            else
                AddLlamaBlock(t, i, model.Layers[i], c, permuteQk && c.Architecture == Architecture.Llama);
        }
        t.Vector(OutputNorm + ".weight", model.FinalNorm);
        t.Vector(OutputNorm + ".bias", model.FinalNormBias);
        if (!ReferenceEquals(model.LmHead, model.TokenEmbedding))
            t.Matrix(Output, model.LmHead);

        w.Write(outPath);
        logger.LogInformation("Wrote {Path}: {Config} as {Type}", outPath, c, type);
        if (t.FallBacks > 0)
            logger.LogInformation("{FallBack} matrices kept as F16: their rows are not a whole number of {Type} blocks",
                t.FallBacks, type);
    }

    static void AddLlamaBlock(TensorSink t, int i, LayerWeights l, ModelConfig c, bool permute)
    {
        int[]? qOrder = permute ? QkPermutation.HfRowsForGguf(c.NHeads, c.DHead) : null;
        int[]? kOrder = permute ? QkPermutation.HfRowsForGguf(c.NKvHeads, c.DHead) : null;
        string B(string part) => Block(i, part);
        t.Vector(B("attn_norm.weight"), l.AttnNorm);
        t.Matrix(B("attn_q.weight"), l.Q, qOrder);
        t.Matrix(B("attn_k.weight"), l.K, kOrder);
        t.Matrix(B("attn_v.weight"), l.V);
        t.Vector(B("attn_q.bias"), l.QBias, qOrder);
        t.Vector(B("attn_k.bias"), l.KBias, kOrder);
        t.Vector(B("attn_v.bias"), l.VBias);
        t.Matrix(B("attn_output.weight"), l.O);
        t.Vector(B("ffn_norm.weight"), l.MlpNorm);
        t.Matrix(B("ffn_gate.weight"), l.Gate ?? throw new ArgumentException($"layer {i} has no gate projection"));
        t.Matrix(B("ffn_up.weight"), l.Up);
        t.Matrix(B("ffn_down.weight"), l.Down);
    }

    static void AddGpt2Block(TensorSink t, int i, LayerWeights l)
    {
        string B(string part) => Block(i, part);
        t.Vector(B("attn_norm.weight"), l.AttnNorm);
        t.Vector(B("attn_norm.bias"), l.AttnNormBias);
        // attn_qkv is [3 * DModel, DModel]: q, k, v stacked by rows.
        float[] qkv = [.. l.Q.ToArray(), .. l.K.ToArray(), .. l.V.ToArray()];
        t.Matrix(B("attn_qkv.weight"), qkv, l.Q.Rows * 3, l.Q.Cols);
        t.Vector(B("attn_qkv.bias"), Concat(l.QBias, l.KBias, l.VBias, l.Q.Rows));
        t.Matrix(B("attn_output.weight"), l.O);
        t.Vector(B("attn_output.bias"), l.OBias);
        t.Vector(B("ffn_norm.weight"), l.MlpNorm);
        t.Vector(B("ffn_norm.bias"), l.MlpNormBias);
        t.Matrix(B("ffn_up.weight"), l.Up);
        t.Vector(B("ffn_up.bias"), l.UpBias);
        t.Matrix(B("ffn_down.weight"), l.Down);
        t.Vector(B("ffn_down.bias"), l.DownBias);
    }

    // A missing bias of GPT-2's fused qkv is written as zeros.
    static float[] Concat(float[]? q, float[]? k, float[]? v, int n) =>
        [.. q ?? new float[n], .. k ?? new float[n], .. v ?? new float[n]];

    static string ModelName(string source) =>
        Path.GetFileNameWithoutExtension(Path.TrimEndingDirectorySeparator(source));
}
