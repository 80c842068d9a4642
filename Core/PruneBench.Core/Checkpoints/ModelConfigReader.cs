using System.Globalization;
using System.Text.Json;
using PruneBench.Abstractions.Model;

namespace PruneBench.Core.Checkpoints;

/// <summary>
/// Parses config.json of llama, qwen2, qwen3 and nemotron_h checkpoints into <see cref="ModelConfig"/>, and of
/// VLM checkpoints whose language model is one of those: the text fields are read from <c>text_config</c>
/// (or from the root, as older Qwen2-VL configs keep them). Qwen2-VL / Qwen2.5-VL (qwen2 text model) and
/// Qwen3-VL (qwen3 text model) get M-RoPE from <c>mrope_section</c>; Qwen3-VL's DeepStack is rejected.
/// </summary>
public static class ModelConfigReader
{
    /// <summary>Supported language-model architectures (model_type, or text_config.model_type of a VLM).</summary>
    public static IReadOnlyList<string> SupportedTypes { get; } = ["llama", "qwen2", "qwen3", "nemotron_h"];

    /// <summary>VLM (or VLM text-model) model_types with M-RoPE, and the architecture of their language model.</summary>
    private static readonly Dictionary<string, string> MRopeTypes = new(StringComparer.Ordinal)
    {
        ["qwen2_vl"] = "qwen2",
        ["qwen2_vl_text"] = "qwen2",
        ["qwen2_5_vl"] = "qwen2",
        ["qwen2_5_vl_text"] = "qwen2",
        ["qwen3_vl"] = "qwen3",
        ["qwen3_vl_text"] = "qwen3",
    };

    /// <summary>Reads and validates <paramref name="path"/>.</summary>
    /// <exception cref="CheckpointException">Missing file, bad JSON, unknown model_type, missing or invalid field (named).</exception>
    public static ModelConfig Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new CheckpointException($"{path}: config.json not found.");
        }

        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            return Parse(new Fields(path, doc.RootElement));
        }
        catch (JsonException e)
        {
            throw new CheckpointException($"{path}: not valid JSON ({e.Message}).", e);
        }
    }

    /// <summary>Parses a config from JSON text; <paramref name="source"/> names it in errors.</summary>
    public static ModelConfig Parse(string json, string source)
    {
        using var doc = JsonDocument.Parse(json);
        return Parse(new Fields(source, doc.RootElement));
    }

    private static ModelConfig Parse(Fields root)
    {
        var rootType = root.String("model_type");
        var f = root.Nested("text_config") ?? root;
        var textType = ReferenceEquals(f, root) ? rootType : f.StringOr("model_type", rootType);
        var mropeType = MRopeTypes.ContainsKey(textType) ? textType : MRopeTypes.ContainsKey(rootType) ? rootType : null;
        var type = mropeType is not null ? MRopeTypes[mropeType] : textType;
        if (!SupportedTypes.Contains(type))
        {
            var which = textType == rootType ? $"model_type '{type}'" : $"text_config.model_type '{textType}' (model_type '{rootType}')";
            throw new CheckpointException(
                $"{root.Source}: unknown {which} (supported: {string.Join(", ", SupportedTypes)}, {string.Join(", ", MRopeTypes.Keys)}, and VLMs whose text_config is one of those).");
        }

        RejectDeepStack(root);
        var hidden = f.Int("hidden_size");
        var heads = f.Int("num_attention_heads");
        var headDim = f.IntOr("head_dim", hidden / Math.Max(heads, 1));
        var kvHeads = f.IntOr("num_key_value_heads", heads);
        if (heads % kvHeads != 0)
        {
            throw new CheckpointException($"{f.Source}: num_attention_heads {heads} is not a multiple of num_key_value_heads {kvHeads}.");
        }

        var hybrid = type == "nemotron_h";
        var layers = hybrid ? HybridLayers(f) : Enumerable.Repeat(LayerKind.Attention, f.Int("num_hidden_layers")).ToArray();
        var config = new ModelConfig
        {
            ModelType = type,
            Layers = layers,
            HiddenSize = hidden,
            VocabSize = f.Int("vocab_size"),
            IntermediateSize = f.Int("intermediate_size"),
            AttentionHeads = heads,
            KeyValueHeads = kvHeads,
            HeadDim = headDim,
            NormEps = (float)(hybrid ? f.DoubleOr("layer_norm_epsilon", 1e-5) : f.DoubleOr("rms_norm_eps", 1e-6)),
            TieWordEmbeddings = f.BoolOr("tie_word_embeddings", root.BoolOr("tie_word_embeddings", false)),
            QkvBias = type == "qwen2" || f.BoolOr("attention_bias", false),
            QkNorm = type == "qwen3",
            UseRope = !hybrid,
            RopeInvFreq = hybrid ? [] : RopeFrequencies(f, headDim),
            MRope = mropeType is null ? null : ReadMRope(f, headDim, interleaved: type == "qwen3"),
            MlpBias = f.BoolOr("mlp_bias", false),
        };
        if (!hybrid)
        {
            return config;
        }

        config = config with
        {
            MambaHeads = f.Int("mamba_num_heads"),
            MambaHeadDim = f.Int("mamba_head_dim"),
            SsmStateSize = f.Int("ssm_state_size"),
            Groups = f.IntOr("n_groups", 1),
            ConvKernel = f.IntOr("conv_kernel", 4),
            ChunkSize = f.IntOr("chunk_size", 128),
            DtMin = (float)f.DoubleOr("time_step_min", 0.001),
            ConvBias = f.BoolOr("use_conv_bias", true),
            MambaProjBias = f.BoolOr("use_bias", false),
        };
        if (config.MambaHeads % config.Groups != 0)
        {
            throw new CheckpointException($"{f.Source}: mamba_num_heads {config.MambaHeads} is not a multiple of n_groups {config.Groups}.");
        }

        var act = f.StringOr("mlp_hidden_act", "relu2");
        if (act != "relu2")
        {
            throw new CheckpointException($"{f.Source}: mlp_hidden_act '{act}' is not supported (nemotron_h MLP layers use relu2).");
        }

        return config;
    }

    private static LayerKind[] HybridLayers(Fields f)
    {
        // transformers 5.x saves layers_block_type; older checkpoints carry hybrid_override_pattern.
        if (f.Has("layers_block_type"))
        {
            return f.Strings("layers_block_type").Select((s, i) => s switch
            {
                "linear_attention" or "mamba" => LayerKind.Mamba,
                "full_attention" or "attention" => LayerKind.Attention,
                "mlp" => LayerKind.Mlp,
                "moe" => throw new CheckpointException($"{f.Source}: layers_block_type[{i}] is 'moe': MoE layers are not supported by PruneBench."),
                _ => throw new CheckpointException($"{f.Source}: layers_block_type[{i}] = '{s}' is unknown (expected linear_attention, full_attention or mlp)."),
            }).ToArray();
        }

        var pattern = f.String("hybrid_override_pattern");
        return pattern.Select((c, i) => c switch
        {
            'M' => LayerKind.Mamba,
            '*' => LayerKind.Attention,
            '-' => LayerKind.Mlp,
            'E' => throw new CheckpointException($"{f.Source}: hybrid_override_pattern[{i}] is 'E': MoE layers are not supported by PruneBench."),
            _ => throw new CheckpointException($"{f.Source}: hybrid_override_pattern[{i}] = '{c}' is unknown (expected M, * or -)."),
        }).ToArray();
    }

    /// <summary>
    /// Qwen3-VL's DeepStack adds vision-encoder features to the hidden states of the first LLM layers: a pack of
    /// post-projector embeddings at the input cannot carry them, so running the LLM alone would be silently wrong.
    /// </summary>
    private static void RejectDeepStack(Fields root)
    {
        if (root.Nested("vision_config") is { } vision && vision.Has("deepstack_visual_indexes") && vision.Ints("deepstack_visual_indexes").Length > 0)
        {
            throw new CheckpointException(
                $"{vision.Source}: field 'deepstack_visual_indexes' is [{string.Join(", ", vision.Ints("deepstack_visual_indexes"))}]: Qwen3-VL's DeepStack injects visual features into early LLM layers, which PruneBench does not support (only input-level visual embeddings).");
        }
    }

    /// <summary>mrope_section from rope_parameters (transformers 5) or rope_scaling (older configs).</summary>
    private static MRope ReadMRope(Fields f, int headDim, bool interleaved)
    {
        var rope = f.Nested("rope_parameters") ?? f.Nested("rope_scaling")
            ?? throw new CheckpointException($"{f.Source}: field 'rope_parameters' (with mrope_section) is missing; this model uses M-RoPE.");
        var section = rope.Ints("mrope_section");
        if (section.Length != MRope.Axes || section.Any(s => s < 0) || section.Sum() != headDim / 2)
        {
            throw new CheckpointException(
                $"{rope.Source}: field 'mrope_section' [{string.Join(", ", section)}] must be 3 non-negative entries summing to head_dim/2 = {headDim / 2}.");
        }

        return new MRope(section, interleaved || rope.BoolOr("mrope_interleaved", false));
    }

    /// <summary>inv_freq[i] = θ^(−2i/d), with llama3 frequency scaling when rope_type is llama3.</summary>
    private static float[] RopeFrequencies(Fields f, int headDim)
    {
        var rope = f.Nested("rope_parameters") ?? f.Nested("rope_scaling");
        var theta = rope?.DoubleOr("rope_theta", double.NaN) is { } t && !double.IsNaN(t) ? t : f.DoubleOr("rope_theta", 10000.0);
        var inv = new double[headDim / 2];
        for (var i = 0; i < inv.Length; i++)
        {
            inv[i] = 1.0 / Math.Pow(theta, 2.0 * i / headDim);
        }

        var ropeType = rope?.StringOr("rope_type", rope.StringOr("type", "default")) ?? "default";
        switch (ropeType)
        {
            case "default":
            case "mrope": // older Qwen2-VL configs; transformers reads it as default (the sections are in MRope)
                break;
            case "llama3":
                var factor = rope!.DoubleOr("factor", 8.0);
                var low = rope.DoubleOr("low_freq_factor", 1.0);
                var high = rope.DoubleOr("high_freq_factor", 4.0);
                var original = rope.DoubleOr("original_max_position_embeddings", 8192);
                var lowWavelen = original / low;
                var highWavelen = original / high;
                for (var i = 0; i < inv.Length; i++)
                {
                    var wavelen = 2 * Math.PI / inv[i];
                    if (wavelen > lowWavelen)
                    {
                        inv[i] /= factor;
                    }
                    else if (wavelen >= highWavelen)
                    {
                        var smooth = (original / wavelen - low) / (high - low);
                        inv[i] = (1 - smooth) * inv[i] / factor + smooth * inv[i];
                    }
                }

                break;
            default:
                throw new CheckpointException($"{f.Source}: rope_type '{ropeType}' is not supported (default, llama3).");
        }

        return inv.Select(x => (float)x).ToArray();
    }

    /// <summary>Typed, named access to a JSON object with errors that name the file and field.</summary>
    private sealed class Fields(string source, JsonElement root)
    {
        public string Source => source;

        public bool Has(string name) => root.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

        /// <summary>The nested object <paramref name="name"/>; its errors name it as "source: name".</summary>
        public Fields? Nested(string name) =>
            root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? new Fields($"{source}: {name}", v) : null;

        public string String(string name) =>
            Get(name).ValueKind == JsonValueKind.String ? Get(name).GetString()! : throw Bad(name, "a string");

        public string StringOr(string name, string fallback) => Has(name) ? String(name) : fallback;

        public string[] Strings(string name) =>
            Get(name).ValueKind == JsonValueKind.Array
                ? Get(name).EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : throw Bad(name, "a list of strings")).ToArray()
                : throw Bad(name, "a list of strings");

        public int[] Ints(string name) =>
            Get(name).ValueKind == JsonValueKind.Array
                ? Get(name).EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var i) ? i : throw Bad(name, "a list of integers")).ToArray()
                : throw Bad(name, "a list of integers");

        public int Int(string name)
        {
            var v = Get(name);
            if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var i) || i <= 0)
            {
                throw Bad(name, "a positive integer");
            }

            return i;
        }

        public int IntOr(string name, int fallback) => Has(name) ? Int(name) : fallback;

        public double DoubleOr(string name, double fallback)
        {
            if (!Has(name))
            {
                return fallback;
            }

            var v = root.GetProperty(name);
            return v.ValueKind switch
            {
                JsonValueKind.Number => v.GetDouble(),
                // transformers writes non-finite floats as {"__float__": "Infinity"}.
                JsonValueKind.Object when v.TryGetProperty("__float__", out var s) =>
                    double.Parse(s.GetString() ?? "", NumberStyles.Float, CultureInfo.InvariantCulture),
                _ => throw Bad(name, "a number"),
            };
        }

        public bool BoolOr(string name, bool fallback) =>
            !Has(name) ? fallback
            : root.GetProperty(name).ValueKind is JsonValueKind.True or JsonValueKind.False ? root.GetProperty(name).GetBoolean()
            : throw Bad(name, "true or false");

        private JsonElement Get(string name) =>
            root.TryGetProperty(name, out var v) ? v : throw new CheckpointException($"{source}: required field '{name}' is missing.");

        private CheckpointException Bad(string name, string expected) =>
            new($"{source}: field '{name}' must be {expected}.");
    }
}
