using PruneBench.Abstractions.Model;

namespace PruneBench.Core.Checkpoints;

/// <summary>
/// The fields of a Hugging Face config.json that the adapters use, validated. Attention fields apply to
/// every family; Mamba fields only to nemotron_h. Parsed by <see cref="ModelConfigReader"/>.
/// </summary>
public sealed record ModelConfig
{
    /// <summary>The language model's architecture: llama | qwen2 | qwen3 | nemotron_h (for a VLM checkpoint, that of its text model: qwen2_5_vl → qwen2).</summary>
    public required string ModelType { get; init; }

    /// <summary>Transformer or hybrid.</summary>
    public ModelFamily Family => ModelType == "nemotron_h" ? ModelFamily.Hybrid : ModelFamily.Transformer;

    /// <summary>Kind of each layer (all attention for dense models).</summary>
    public required IReadOnlyList<LayerKind> Layers { get; init; }

    public required int HiddenSize { get; init; }
    public required int VocabSize { get; init; }
    public required int IntermediateSize { get; init; }
    public required int AttentionHeads { get; init; }
    public required int KeyValueHeads { get; init; }
    public required int HeadDim { get; init; }
    public required float NormEps { get; init; }
    public required bool TieWordEmbeddings { get; init; }

    /// <summary>q/k/v projections carry a bias (qwen2 always; llama when attention_bias).</summary>
    public required bool QkvBias { get; init; }

    /// <summary>Per-head RMSNorm of q and k before RoPE (qwen3).</summary>
    public required bool QkNorm { get; init; }

    /// <summary>Whether attention layers rotate q/k (false for nemotron_h).</summary>
    public required bool UseRope { get; init; }

    /// <summary>RoPE inverse frequencies [HeadDim/2], scaling (llama3) already applied; empty without RoPE.</summary>
    public required float[] RopeInvFreq { get; init; }

    /// <summary>
    /// Multimodal RoPE (Qwen2-VL, Qwen2.5-VL, Qwen3-VL): three position ids per token; null for 1-D RoPE.
    /// </summary>
    public MRope? MRope { get; init; }

    /// <summary>Position ids per token: 3 with <see cref="MRope"/>, else 1.</summary>
    public int RopeAxes => MRope is null ? 1 : MRope.Axes;

    /// <summary>[<see cref="RopeAxes"/>][HeadDim/2]: the inverse frequencies each position axis drives (zero elsewhere); 1-D RoPE is [RopeInvFreq].</summary>
    public float[][] RopeAxisFrequencies() => MRope?.AxisFrequencies(RopeInvFreq) ?? [RopeInvFreq];

    /// <summary>MLP projections carry a bias.</summary>
    public required bool MlpBias { get; init; }

    // ---- Mamba2 (nemotron_h) ----
    public int MambaHeads { get; init; }
    public int MambaHeadDim { get; init; }
    public int SsmStateSize { get; init; }
    public int Groups { get; init; }
    public int ConvKernel { get; init; }
    public int ChunkSize { get; init; }

    /// <summary>Lower clamp of dt after softplus. transformers' NemotronH mixer uses (time_step_min, +inf).</summary>
    public float DtMin { get; init; }

    /// <summary>Upper clamp of dt after softplus.</summary>
    public float DtMax { get; init; } = float.PositiveInfinity;

    public bool ConvBias { get; init; }

    /// <summary>in_proj / out_proj carry a bias (use_bias).</summary>
    public bool MambaProjBias { get; init; }

    /// <summary>Mamba inner width I = heads × head_dim.</summary>
    public int MambaInner => MambaHeads * MambaHeadDim;

    /// <summary>Conv channels: x, B and C = I + 2·G·N.</summary>
    public int ConvDim => MambaInner + 2 * Groups * SsmStateSize;

    /// <summary>The reducer-facing shape.</summary>
    public ModelShape ToShape(string name) =>
        new(name, Family, Layers, HiddenSize, AttentionHeads, KeyValueHeads, HeadDim);
}
