namespace PruneBench.Abstractions.Model;

/// <summary>Architecture family of the language model.</summary>
public enum ModelFamily
{
    /// <summary>Dense Transformer: every layer is attention + MLP (llama, qwen2, qwen3).</summary>
    Transformer,

    /// <summary>Mamba-Transformer hybrid: one mixer per layer from a pattern (nemotron_h).</summary>
    Hybrid,
}
