namespace PruneBench.Abstractions.Model;

/// <summary>The mixer a decoder layer runs. A reducer's signals depend on it.</summary>
public enum LayerKind
{
    /// <summary>Self-attention (with RoPE on llama/qwen, without on nemotron_h).</summary>
    Attention,

    /// <summary>Mamba2 selective state-space mixer.</summary>
    Mamba,

    /// <summary>Feed-forward only (nemotron_h "-" layers); no token mixing, no score of its own.</summary>
    Mlp,
}
