using PruneBench.Abstractions.Model;
using PruneBench.Abstractions.Tokens;

namespace PruneBench.Abstractions.Signals;

/// <summary>
/// What the engine hands a reducer after layer <see cref="Layer"/>: the current sequence's token metadata and
/// the signals that were requested (null when not). Visual tokens always form one contiguous run of the
/// sequence, rows <see cref="VisualStart"/> .. <see cref="VisualStart"/> + <see cref="VisualCount"/> − 1; every
/// per-visual-token signal is aligned with that run.
/// </summary>
public sealed record LayerObservation
{
    /// <summary>Layer index ℓ just computed (−1: before the LLM); a decision applies before layer ℓ + 1.</summary>
    public required int Layer { get; init; }

    /// <summary>Mixer kind of layer ℓ (Attention for ℓ = −1, where only embeddings exist).</summary>
    public required LayerKind Kind { get; init; }

    /// <summary>Metadata of every row of the current sequence (text and visual).</summary>
    public required IReadOnlyList<TokenInfo> Tokens { get; init; }

    /// <summary>Row of the first visual token.</summary>
    public required int VisualStart { get; init; }

    /// <summary>Visual tokens currently alive.</summary>
    public required int VisualCount { get; init; }

    /// <summary>[VisualCount] score per visual token (query or implicit attention), or null.</summary>
    public float[]? Scores { get; init; }

    /// <summary>[VisualCount × head_dim] head-mean pre-RoPE keys, or null.</summary>
    public RowSignal? Keys { get; init; }

    /// <summary>[VisualCount × hidden_size] hidden states at the layer's input, or null.</summary>
    public RowSignal? Hidden { get; init; }

    /// <summary>Per-head, per-query attention probabilities, or null.</summary>
    public AttentionSignal? RawAttention { get; init; }

    /// <summary>Metadata of the i-th current visual token.</summary>
    public TokenInfo Visual(int i) => Tokens[VisualStart + i];
}
