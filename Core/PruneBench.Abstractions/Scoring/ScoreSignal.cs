namespace PruneBench.Abstractions.Scoring;

/// <summary>Which per-visual-token score the engine computes after a layer for a <see cref="ScorePruningMethod{TParameters}"/>.</summary>
public enum ScoreSignal
{
    /// <summary>No new score: the running score stays as it is (e.g. after an MLP layer, which mixes no tokens).</summary>
    Previous,

    /// <summary>Attention the query set pays each visual token at an attention layer (heads aggregated as asked).</summary>
    QueryAttention,

    /// <summary>Mamba2 implicit attention of the query set to each visual token at a Mamba layer.</summary>
    ImplicitAttention,

    /// <summary>
    /// 1 / ‖k‖₂ of each visual token's pre-RoPE key over all KV heads at an attention layer: highest for the smallest
    /// keys, as KnormPress ranks them (low key norm goes with high attention). Positive, so it normalises like the others.
    /// </summary>
    InverseKeyNorm,

    /// <summary>Uniform noise in [0, 1) from the sample's seed: top-k of it is a uniform random subset. Needs no layer.</summary>
    Random,
}
