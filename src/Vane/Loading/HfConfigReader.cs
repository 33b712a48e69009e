using System.Text.Json;
using Vane.Model;

namespace Vane.Loading;

/// <summary>Reads a Hugging Face config.json into a <see cref="ModelConfig"/>.</summary>
public static class HfConfigReader
{
    /// <summary>Parses <paramref name="path"/>; throws naming the file and field on bad input.</summary>
    public static ModelConfig Read(string path)
    {
        if (!File.Exists(path))
            throw new ModelFormatException(path, null, "file not found (a model folder needs config.json)");
        using var doc = JsonFields.Parse(path);
        var j = new JsonFields.Fields(path, doc.RootElement);

        string type = j.String("model_type") ?? FirstArchitecture(j) ?? "";
        return type switch
        {
            "llama" or "mistral" or "LlamaForCausalLM" or "MistralForCausalLM" =>
                ReadLlama(j, Architecture.Llama, type),
            "qwen2" or "Qwen2ForCausalLM" => ReadLlama(j, Architecture.Qwen2, type),
            "gpt2" or "GPT2LMHeadModel" => ReadGpt2(j, type),
            "" => throw new ModelFormatException(path, "model_type",
                "missing, and no 'architectures' entry either (expected llama, mistral, qwen2 or gpt2)"),
            _ => throw new NotSupportedException(
                $"{path}: architecture '{type}' is not supported (Vane supports llama, mistral, qwen2, gpt2)"),
        };
    }

    static string? FirstArchitecture(JsonFields.Fields j) =>
        JsonFields.Get(j.Obj, "architectures") is { ValueKind: JsonValueKind.Array } a && a.GetArrayLength() > 0
        && a[0].ValueKind == JsonValueKind.String ? a[0].GetString() : null;

    static ModelConfig ReadLlama(JsonFields.Fields j, Architecture arch, string type)
    {
        int dModel = j.RequiredInt("hidden_size");
        int nHeads = j.RequiredInt("num_attention_heads");
        int nKv = j.Int("num_key_value_heads") ?? nHeads;
        int dHead = j.Int("head_dim") ?? dModel / nHeads;
        if (nHeads % nKv != 0)
            throw new ModelFormatException(j.Path, "num_key_value_heads",
                $"{nKv} does not divide num_attention_heads {nHeads}");
        return new ModelConfig
        {
            Architecture = arch,
            SourceName = type,
            DModel = dModel,
            NHeads = nHeads,
            NKvHeads = nKv,
            DHead = dHead,
            DMlp = j.RequiredInt("intermediate_size"),
            NLayers = j.RequiredInt("num_hidden_layers"),
            VocabSize = j.RequiredInt("vocab_size"),
            MaxPositions = j.Int("max_position_embeddings") ?? 2048,
            NormEps = (float)(j.Double("rms_norm_eps") ?? 1e-6),
            RopeTheta = j.Double("rope_theta") ?? 10000,
            RopeScaling = ReadRopeScaling(j),
            TiedEmbeddings = j.Bool("tie_word_embeddings") ?? false,
            BosId = j.Int("bos_token_id"),
            EosIds = j.IntOrList("eos_token_id"),
        };
    }

    static RopeScaling? ReadRopeScaling(JsonFields.Fields j)
    {
        if (JsonFields.Get(j.Obj, "rope_scaling") is not { ValueKind: JsonValueKind.Object } s)
            return null;
        var f = new JsonFields.Fields(j.Path, s);
        string kind = f.String("rope_type") ?? f.String("type") ?? "";
        double factor = f.Double("factor") ?? 1;
        return kind switch
        {
            "default" => null,
            "linear" => new RopeScaling("linear", factor),
            "llama3" => new RopeScaling("llama3", factor,
                f.Double("low_freq_factor") ?? 1, f.Double("high_freq_factor") ?? 4,
                f.Int("original_max_position_embeddings") ?? 8192),
            _ => throw new NotSupportedException(
                $"{j.Path}: rope_scaling type '{kind}' is not supported (expected linear or llama3)"),
        };
    }

    static ModelConfig ReadGpt2(JsonFields.Fields j, string type)
    {
        int dModel = j.RequiredInt("n_embd");
        int nHeads = j.RequiredInt("n_head");
        string act = j.String("activation_function") ?? "gelu_new";
        if (act is not ("gelu_new" or "gelu_pytorch_tanh" or "gelu_fast"))
            throw new NotSupportedException(
                $"{j.Path}: activation_function '{act}' is not supported (expected gelu_new)");
        return new ModelConfig
        {
            Architecture = Architecture.Gpt2,
            SourceName = type,
            DModel = dModel,
            NHeads = nHeads,
            NKvHeads = nHeads,
            DHead = dModel / nHeads,
            DMlp = j.Int("n_inner") ?? 4 * dModel,
            NLayers = j.RequiredInt("n_layer"),
            VocabSize = j.RequiredInt("vocab_size"),
            MaxPositions = j.Int("n_positions") ?? 1024,
            NormEps = (float)(j.Double("layer_norm_epsilon") ?? 1e-5),
            TiedEmbeddings = true,
            BosId = j.Int("bos_token_id"),
            EosIds = j.IntOrList("eos_token_id"),
        };
    }
}
