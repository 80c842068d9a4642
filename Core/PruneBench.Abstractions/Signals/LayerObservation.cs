using PruneBench.Abstractions.Model;
using PruneBench.Abstractions.Tokens;

namespace PruneBench.Abstractions.Signals;

/// <summary>
/// What the engine hands a reducer after layer <see cref="Layer"/>: the current sequence's token
/// metadata and the signals that were requested. Visual tokens always form one contiguous run of the
/// sequence, rows <see cref="VisualStart"/> .. <see cref="VisualStart"/> + <see cref="VisualCount"/> − 1.
/// Arrays indexed "per visual token" are aligned with that run.
/// </summary>
/// <param name="Layer">Layer index ℓ just computed; a decision applies before layer ℓ+1.</param>
/// <param name="Kind">Mixer kind of layer ℓ.</param>
/// <param name="Tokens">Metadata of every row of the current sequence (text and visual).</param>
/// <param name="VisualStart">Row of the first visual token.</param>
/// <param name="VisualCount">Visual tokens currently alive.</param>
/// <param name="Scores">[VisualCount] score per visual token (query or implicit attention), or null.</param>
/// <param name="Keys">[VisualCount × KeyWidth] head-mean pre-RoPE keys, row-major, or null.</param>
/// <param name="KeyWidth">Width of a key row (head_dim).</param>
/// <param name="Hidden">[VisualCount × HiddenWidth] hidden states at the layer's input, or null.</param>
/// <param name="HiddenWidth">Width of a hidden row.</param>
/// <param name="RawAttention">[heads × |Q| × VisualCount] attention probabilities, or null.</param>
/// <param name="QueryCount">|Q| of the score signals.</param>
public sealed record LayerObservation(
    int Layer,
    LayerKind Kind,
    IReadOnlyList<TokenInfo> Tokens,
    int VisualStart,
    int VisualCount,
    float[]? Scores,
    float[]? Keys,
    int KeyWidth,
    float[]? Hidden,
    int HiddenWidth,
    float[]? RawAttention,
    int QueryCount)
{
    /// <summary>Metadata of the i-th current visual token.</summary>
    public TokenInfo Visual(int i) => Tokens[VisualStart + i];
}
