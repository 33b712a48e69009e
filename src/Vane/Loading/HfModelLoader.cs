using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vane.Model;
using Vane.Tensors;

namespace Vane.Loading;

/// <summary>
/// Builds a <see cref="TransformerModel"/> from a Hugging Face folder: config.json and
/// safetensors weights, in the tensor naming of each supported architecture.
/// </summary>
public static class HfModelLoader
{
    /// <summary>
    /// Loads the model in <paramref name="folder"/>, each tensor's shape checked against config.json.
    /// </summary>
    public static TransformerModel Load(string folder, ILogger? logger = null)
    {
        logger ??= NullLogger.Instance;
        if (!Directory.Exists(folder))
            throw new ModelFormatException(folder, null, "model folder not found");
        var config = HfConfigReader.Read(Path.Combine(folder, "config.json"));
        var ckpt = new HfCheckpoint(folder);
        try
        {
            var model = config.Architecture == Architecture.Gpt2
                ? LoadGpt2(config, ckpt, folder)
                : LoadLlama(config, ckpt, folder);
            logger.LogInformation("Loaded {Config}; {Params} parameters, weights {DType}, {Bytes} MB read per token",
                config, model.ParameterCount, model.WeightType, Math.Round(model.DecodeBytesPerToken / 1e6, 2));
            return model;
        }
        catch
        {
            ckpt.Dispose();
            throw;
        }
    }

    static TransformerModel LoadLlama(ModelConfig c, HfCheckpoint w, string folder)
    {
        bool qkvBias = c.Architecture == Architecture.Qwen2;
        var embed = w.Matrix("model.embed_tokens.weight", c.VocabSize, c.DModel);
        var layers = new LayerWeights[c.NLayers];
        for (int i = 0; i < c.NLayers; i++)
        {
            string p = $"model.layers.{i}.";
            layers[i] = new LayerWeights
            {
                AttnNorm = w.Floats(p + "input_layernorm.weight", c.DModel),
                Q = w.Matrix(p + "self_attn.q_proj.weight", c.DQuery, c.DModel),
                K = w.Matrix(p + "self_attn.k_proj.weight", c.DKv, c.DModel),
                V = w.Matrix(p + "self_attn.v_proj.weight", c.DKv, c.DModel),
                O = w.Matrix(p + "self_attn.o_proj.weight", c.DModel, c.DQuery),
                QBias = qkvBias ? w.Floats(p + "self_attn.q_proj.bias", c.DQuery) : null,
                KBias = qkvBias ? w.Floats(p + "self_attn.k_proj.bias", c.DKv) : null,
                VBias = qkvBias ? w.Floats(p + "self_attn.v_proj.bias", c.DKv) : null,
                MlpNorm = w.Floats(p + "post_attention_layernorm.weight", c.DModel),
                Gate = w.Matrix(p + "mlp.gate_proj.weight", c.DMlp, c.DModel),
                Up = w.Matrix(p + "mlp.up_proj.weight", c.DMlp, c.DModel),
                Down = w.Matrix(p + "mlp.down_proj.weight", c.DModel, c.DMlp),
            };
        }
        // A checkpoint without lm_head.weight ties it to the embedding whatever the config says.
        var head = !c.TiedEmbeddings && w.Contains("lm_head.weight")
            ? w.Matrix("lm_head.weight", c.VocabSize, c.DModel)
            : embed;
        return new TransformerModel(c with { TiedEmbeddings = ReferenceEquals(head, embed) }, folder, embed, null,
            layers, w.Floats("model.norm.weight", c.DModel), null, head, [w]);
    }

    static TransformerModel LoadGpt2(ModelConfig c, HfCheckpoint w, string folder)
    {
        string root = w.Contains("transformer.wte.weight") ? "transformer." : "";
        var embed = w.Matrix(root + "wte.weight", c.VocabSize, c.DModel);
        var pos = w.Matrix(root + "wpe.weight", c.MaxPositions, c.DModel);
        int d = c.DModel;
        var layers = new LayerWeights[c.NLayers];
        for (int i = 0; i < c.NLayers; i++)
        {
            string p = $"{root}h.{i}.";
            // c_attn is Conv1D [d, 3d]: transposed it is [3d, d] = q, k, v stacked by rows.
            var qkv = w.TransposedMatrix(p + "attn.c_attn.weight", 3 * d, d).ToArray();
            float[] qkvBias = w.Floats(p + "attn.c_attn.bias", 3 * d);
            layers[i] = new LayerWeights
            {
                AttnNorm = w.Floats(p + "ln_1.weight", d),
                AttnNormBias = w.Floats(p + "ln_1.bias", d),
                Q = WeightMatrix.FromArray(p + "attn.c_attn.weight[q]", qkv.AsSpan(0, d * d), d, d),
                K = WeightMatrix.FromArray(p + "attn.c_attn.weight[k]", qkv.AsSpan(d * d, d * d), d, d),
                V = WeightMatrix.FromArray(p + "attn.c_attn.weight[v]", qkv.AsSpan(2 * d * d, d * d), d, d),
                QBias = qkvBias[..d],
                KBias = qkvBias[d..(2 * d)],
                VBias = qkvBias[(2 * d)..],
                O = w.TransposedMatrix(p + "attn.c_proj.weight", d, d),
                OBias = w.Floats(p + "attn.c_proj.bias", d),
                MlpNorm = w.Floats(p + "ln_2.weight", d),
                MlpNormBias = w.Floats(p + "ln_2.bias", d),
                Up = w.TransposedMatrix(p + "mlp.c_fc.weight", c.DMlp, d),
                UpBias = w.Floats(p + "mlp.c_fc.bias", c.DMlp),
                Down = w.TransposedMatrix(p + "mlp.c_proj.weight", d, c.DMlp),
                DownBias = w.Floats(p + "mlp.c_proj.bias", d),
            };
        }
        return new TransformerModel(c, folder, embed, pos, layers,
            w.Floats(root + "ln_f.weight", d), w.Floats(root + "ln_f.bias", d), embed, [w]);
    }
}
