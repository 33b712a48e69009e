using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vane.Model;
using Vane.Tensors;
using static Vane.Loading.Gguf.GgufNames;

namespace Vane.Loading.Gguf;

/// <summary>
/// Builds a <see cref="TransformerModel"/> from a GGUF file in llama.cpp's naming (llama, qwen2,
/// gpt2). F32/F16/BF16 weights stay mapped in the file; quantised ones are dequantised to F32.
/// The q and k rows of arch llama are put back into the rotate_half order Vane computes with.
/// </summary>
public static class GgufModelLoader
{
    /// <summary>
    /// Loads the model in <paramref name="path"/>; every tensor's shape is checked against the
    /// hyper-parameters. Dispose the model to unmap the file.
    /// </summary>
    /// <param name="path">A .gguf file.</param>
    /// <param name="logger">Receives one line of facts about the loaded model.</param>
    /// <exception cref="ModelFormatException">A key or tensor is missing or has the wrong shape.</exception>
    /// <exception cref="NotSupportedException">The architecture or a feature of it is not supported.</exception>
    public static TransformerModel Load(string path, ILogger? logger = null) =>
        Load(path, logger, unpermuteQk: true);

    /// <summary>As the public overload; <paramref name="unpermuteQk"/> false is for tests only.</summary>
    internal static TransformerModel Load(string path, ILogger? logger, bool unpermuteQk)
    {
        logger ??= NullLogger.Instance;
        var file = GgufFile.Open(path);
        try
        {
            var config = GgufConfigReader.Read(file);
            var w = new GgufModelTensors(file, config);
            var model = config.Architecture == Architecture.Gpt2
                ? LoadGpt2(config, w)
                : LoadLlama(config, w, unpermuteQk && config.Architecture == Architecture.Llama);
            var stored = w.Type(config.NLayers > 0 ? Block(0, "attn_output.weight") : TokenEmbd);
            logger.LogInformation("Loaded {Config} from GGUF; {Params} parameters, weights {DType} " +
                "(file {GgmlType}), {Bytes} MB read per token", config, model.ParameterCount,
                model.WeightType, stored, Math.Round(model.DecodeBytesPerToken / 1e6, 2));
            return model;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    static TransformerModel LoadLlama(ModelConfig c, GgufModelTensors w, bool unpermute)
    {
        bool qwen2 = c.Architecture == Architecture.Qwen2;
        int[]? qOrder = unpermute ? QkPermutation.GgufRowsForHf(c.NHeads, c.DHead) : null;
        int[]? kOrder = unpermute ? QkPermutation.GgufRowsForHf(c.NKvHeads, c.DHead) : null;
        var embed = w.Matrix(TokenEmbd, c.VocabSize, c.DModel);
        var layers = new LayerWeights[c.NLayers];
        for (int i = 0; i < c.NLayers; i++)
        {
            string B(string part) => Block(i, part);
            layers[i] = new LayerWeights
            {
                AttnNorm = w.Floats(B("attn_norm.weight"), c.DModel),
                Q = w.Matrix(B("attn_q.weight"), c.DQuery, c.DModel, qOrder),
                K = w.Matrix(B("attn_k.weight"), c.DKv, c.DModel, kOrder),
                V = w.Matrix(B("attn_v.weight"), c.DKv, c.DModel),
                O = w.Matrix(B("attn_output.weight"), c.DModel, c.DQuery),
                QBias = w.OptionalFloats(B("attn_q.bias"), c.DQuery, required: qwen2, qOrder),
                KBias = w.OptionalFloats(B("attn_k.bias"), c.DKv, required: qwen2, kOrder),
                VBias = w.OptionalFloats(B("attn_v.bias"), c.DKv, required: qwen2),
                MlpNorm = w.Floats(B("ffn_norm.weight"), c.DModel),
                Gate = w.Matrix(B("ffn_gate.weight"), c.DMlp, c.DModel),
                Up = w.Matrix(B("ffn_up.weight"), c.DMlp, c.DModel),
                Down = w.Matrix(B("ffn_down.weight"), c.DModel, c.DMlp),
            };
        }
        var head = c.TiedEmbeddings ? embed : w.Matrix(Output, c.VocabSize, c.DModel);
        return new TransformerModel(c, w.Path, embed, null, layers,
            w.Floats(OutputNorm + ".weight", c.DModel), null, head, [w.File]);
    }

    static TransformerModel LoadGpt2(ModelConfig c, GgufModelTensors w)
    {
        int d = c.DModel;
        var embed = w.Matrix(TokenEmbd, c.VocabSize, d);
        var pos = w.Matrix(PositionEmbd, c.MaxPositions, d);
        var layers = new LayerWeights[c.NLayers];
        for (int i = 0; i < c.NLayers; i++)
        {
            string B(string part) => Block(i, part);
            // attn_qkv is [3d, d] out-major: q, k, v stacked by rows.
            var qkv = w.Split(B("attn_qkv.weight"), 3, d, d);
            float[] qkvBias = w.Floats(B("attn_qkv.bias"), 3 * d);
            layers[i] = new LayerWeights
            {
                AttnNorm = w.Floats(B("attn_norm.weight"), d),
                AttnNormBias = w.Floats(B("attn_norm.bias"), d),
                Q = qkv[0],
                K = qkv[1],
                V = qkv[2],
                QBias = qkvBias[..d],
                KBias = qkvBias[d..(2 * d)],
                VBias = qkvBias[(2 * d)..],
                O = w.Matrix(B("attn_output.weight"), d, d),
                OBias = w.Floats(B("attn_output.bias"), d),
                MlpNorm = w.Floats(B("ffn_norm.weight"), d),
                MlpNormBias = w.Floats(B("ffn_norm.bias"), d),
                Up = w.Matrix(B("ffn_up.weight"), c.DMlp, d),
                UpBias = w.Floats(B("ffn_up.bias"), c.DMlp),
                Down = w.Matrix(B("ffn_down.weight"), d, c.DMlp),
                DownBias = w.Floats(B("ffn_down.bias"), d),
            };
        }
        var head = c.TiedEmbeddings ? embed : w.Matrix(Output, c.VocabSize, d);
        return new TransformerModel(c, w.Path, embed, pos, layers,
            w.Floats(OutputNorm + ".weight", d), w.Floats(OutputNorm + ".bias", d), head, [w.File]);
    }
}
