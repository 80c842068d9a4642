using PruneBench.Core.Backends;
using PruneBench.Core.Checkpoints;

namespace PruneBench.Core.Models;

/// <summary>
/// Real-sized architectures for speed measurements: config only, weights drawn on the device from a seeded
/// generator (speed does not depend on weight values; accuracy columns stay empty). Configs follow the
/// published Hugging Face config.json of each model.
/// </summary>
public static class ModelPresets
{
    private static readonly Dictionary<string, string> Configs = new(StringComparer.OrdinalIgnoreCase)
    {
        // NVIDIA-Nemotron-Nano-12B-v2: 62 layers, 6 attention (NoPE), Mamba2 128 heads × 80, state 128, 8 groups.
        ["nemotron-nano-12b-v2"] = """
            {"model_type":"nemotron_h","hidden_size":5120,"intermediate_size":20480,"vocab_size":131072,
             "num_attention_heads":40,"num_key_value_heads":8,"head_dim":128,
             "hybrid_override_pattern":"M-M-M-M*-M-M-M-M*-M-M-M-M*-M-M-M-M*-M-M-M-M*-M-M-M-M*-M-M-M-M-",
             "mamba_num_heads":128,"mamba_head_dim":80,"ssm_state_size":128,"n_groups":8,"conv_kernel":4,
             "chunk_size":128,"layer_norm_epsilon":1e-5,"mlp_hidden_act":"relu2","use_conv_bias":true,
             "use_bias":false,"mlp_bias":false,"time_step_min":0.001,"tie_word_embeddings":false}
            """,
        ["qwen2-7b"] = """
            {"model_type":"qwen2","hidden_size":3584,"intermediate_size":18944,"vocab_size":152064,
             "num_hidden_layers":28,"num_attention_heads":28,"num_key_value_heads":4,"rms_norm_eps":1e-6,
             "rope_theta":1000000.0,"tie_word_embeddings":false}
            """,
        ["llama3-8b"] = """
            {"model_type":"llama","hidden_size":4096,"intermediate_size":14336,"vocab_size":128256,
             "num_hidden_layers":32,"num_attention_heads":32,"num_key_value_heads":8,"rms_norm_eps":1e-5,
             "rope_theta":500000.0,"rope_scaling":{"factor":8.0,"low_freq_factor":1.0,"high_freq_factor":4.0,
             "original_max_position_embeddings":8192,"rope_type":"llama3"},"tie_word_embeddings":false}
            """,
    };

    /// <summary>Preset names.</summary>
    public static IReadOnlyCollection<string> Names => Configs.Keys;

    /// <summary>True when <paramref name="name"/> is a preset.</summary>
    public static bool Contains(string name) => Configs.ContainsKey(name);

    /// <summary>The preset's parsed config.</summary>
    /// <exception cref="ArgumentException">Unknown preset (lists the known ones).</exception>
    public static ModelConfig Config(string name) =>
        Configs.TryGetValue(name, out var json)
            ? ModelConfigReader.Parse(json, $"preset '{name}'")
            : throw new ArgumentException($"Unknown model preset '{name}'. Presets: {string.Join(", ", Configs.Keys)}.");

    /// <summary>The preset with seeded random weights generated on <paramref name="backend"/>.</summary>
    public static LanguageModel Create(string name, IBackend backend, ulong seed = 0) =>
        LanguageModel.Create(name, Config(name), backend, new RandomWeights(backend, seed));
}
