using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Vane.Model;
using Vane.Tensors;
using Architecture = Vane.Model.Architecture;

namespace Vane.Loading;

/// <summary>
/// Writes Hugging Face folders of random weights in the shape of real models, for
/// benchmarks and tests: config.json and model.safetensors, streamed tensor by tensor.
/// </summary>
public static class RandomCheckpoint
{
    /// <summary>Shapes by name: "qwen2.5-0.5b", "smollm2-135m", "tiny-llama".</summary>
    public static IReadOnlyDictionary<string, ModelConfig> Shapes { get; } = new Dictionary<string, ModelConfig>
    {
        ["qwen2.5-0.5b"] = new()
        {
            Architecture = Architecture.Qwen2,
            SourceName = "qwen2",
            DModel = 896,
            NHeads = 14,
            NKvHeads = 2,
            DHead = 64,
            DMlp = 4864,
            NLayers = 24,
            VocabSize = 151936,
            MaxPositions = 32768,
            NormEps = 1e-6f,
            RopeTheta = 1000000,
            TiedEmbeddings = true,
        },
        ["smollm2-135m"] = new()
        {
            Architecture = Architecture.Llama,
            SourceName = "llama",
            DModel = 576,
            NHeads = 9,
            NKvHeads = 3,
            DHead = 64,
            DMlp = 1536,
            NLayers = 30,
            VocabSize = 49152,
            MaxPositions = 8192,
            NormEps = 1e-5f,
            RopeTheta = 100000,
            TiedEmbeddings = true,
        },
        ["tiny-llama"] = new()
        {
            Architecture = Architecture.Llama,
            SourceName = "llama",
            DModel = 64,
            NHeads = 4,
            NKvHeads = 2,
            DHead = 16,
            DMlp = 128,
            NLayers = 2,
            VocabSize = 256,
            MaxPositions = 128,
            NormEps = 1e-5f,
            TiedEmbeddings = false,
        },
    };

    /// <summary>Writes a random Llama or Qwen2 model of <paramref name="config"/> into a folder.</summary>
    public static void Write(string folder, ModelConfig config, DType dtype = DType.F32, int seed = 0)
    {
        if (config.Architecture == Architecture.Gpt2)
            throw new NotSupportedException("random GPT-2 checkpoints are not implemented");
        Directory.CreateDirectory(folder);
        AtomicFile.WriteText(Path.Combine(folder, "config.json"), ConfigJson(config));
        var tensors = TensorShapes(config).ToList();

        var header = new Dictionary<string, object>();
        long offset = 0;
        foreach (var (name, shape) in tensors)
        {
            long bytes = shape.Aggregate(1L, (a, b) => a * b) * dtype.Size();
            long[] offsets = [offset, offset + bytes];
            header[name] = new { dtype = dtype.SafeTensorsName(), shape, data_offsets = offsets };
            offset += bytes;
        }
        byte[] json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header));
        json = [.. json, .. Enumerable.Repeat((byte)' ', (8 - json.Length % 8) % 8)];

        var random = new Random(seed);
        AtomicFile.Write(Path.Combine(folder, "model.safetensors"), fs =>
        {
            fs.Write(BitConverter.GetBytes((ulong)json.Length));
            fs.Write(json);
            foreach (var (name, shape) in tensors)
                WriteRandom(fs, name, shape, dtype, random);
        });
    }

    static IEnumerable<(string Name, long[] Shape)> TensorShapes(ModelConfig c)
    {
        yield return ("model.embed_tokens.weight", [c.VocabSize, c.DModel]);
        for (int i = 0; i < c.NLayers; i++)
        {
            string p = $"model.layers.{i}.";
            yield return (p + "input_layernorm.weight", [c.DModel]);
            yield return (p + "self_attn.q_proj.weight", [c.DQuery, c.DModel]);
            yield return (p + "self_attn.k_proj.weight", [c.DKv, c.DModel]);
            yield return (p + "self_attn.v_proj.weight", [c.DKv, c.DModel]);
            if (c.Architecture == Architecture.Qwen2)
            {
                yield return (p + "self_attn.q_proj.bias", [c.DQuery]);
                yield return (p + "self_attn.k_proj.bias", [c.DKv]);
                yield return (p + "self_attn.v_proj.bias", [c.DKv]);
            }
            yield return (p + "self_attn.o_proj.weight", [c.DModel, c.DQuery]);
            yield return (p + "post_attention_layernorm.weight", [c.DModel]);
            yield return (p + "mlp.gate_proj.weight", [c.DMlp, c.DModel]);
            yield return (p + "mlp.up_proj.weight", [c.DMlp, c.DModel]);
            yield return (p + "mlp.down_proj.weight", [c.DModel, c.DMlp]);
        }
        yield return ("model.norm.weight", [c.DModel]);
        if (!c.TiedEmbeddings)
            yield return ("lm_head.weight", [c.VocabSize, c.DModel]);
    }

    static void WriteRandom(Stream fs, string name, long[] shape, DType dtype, Random random)
    {
        bool norm = name.EndsWith("layernorm.weight") || name.EndsWith("norm.weight");
        // weights uniform in +-1/sqrt(fan_in) keep activations of order one; norm gains are one
        float scale = norm ? 0 : 1f / MathF.Sqrt(shape[^1]);
        long count = shape.Aggregate(1L, (a, b) => a * b);
        var chunk = new float[1 << 16];
        for (long done = 0; done < count; done += chunk.Length)
        {
            int n = (int)Math.Min(chunk.Length, count - done);
            for (int i = 0; i < n; i++)
                chunk[i] = norm ? 1f : (random.NextSingle() * 2 - 1) * scale;
            WriteAs(fs, chunk.AsSpan(0, n), dtype);
        }
    }

    static void WriteAs(Stream fs, ReadOnlySpan<float> values, DType dtype)
    {
        if (dtype == DType.F32)
        {
            fs.Write(MemoryMarshal.AsBytes(values));
            return;
        }
        var bits = new ushort[values.Length];
        for (int i = 0; i < values.Length; i++)
            bits[i] = dtype == DType.F16
                ? BitConverter.HalfToUInt16Bits((Half)values[i])
                : Tensors.Convert.SingleToBFloat16(values[i]);
        fs.Write(MemoryMarshal.AsBytes(bits.AsSpan()));
    }

    static string ConfigJson(ModelConfig c) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["architectures"] = new[] { c.Architecture == Architecture.Qwen2 ? "Qwen2ForCausalLM" : "LlamaForCausalLM" },
        ["model_type"] = c.Architecture == Architecture.Qwen2 ? "qwen2" : "llama",
        ["vocab_size"] = c.VocabSize,
        ["hidden_size"] = c.DModel,
        ["intermediate_size"] = c.DMlp,
        ["num_hidden_layers"] = c.NLayers,
        ["num_attention_heads"] = c.NHeads,
        ["num_key_value_heads"] = c.NKvHeads,
        ["head_dim"] = c.DHead,
        ["max_position_embeddings"] = c.MaxPositions,
        ["rms_norm_eps"] = c.NormEps,
        ["rope_theta"] = c.RopeTheta,
        ["tie_word_embeddings"] = c.TiedEmbeddings,
        ["bos_token_id"] = 1,
        ["eos_token_id"] = 2,
    }, new JsonSerializerOptions { WriteIndented = true });
}
