namespace PruneBench.Core.Engine;

/// <summary>Outputs of one engine run.</summary>
/// <param name="LastLogits">[vocab] logits at the last prompt position.</param>
/// <param name="Generated">Greedy tokens: argmax of LastLogits, then one per decode step.</param>
/// <param name="DecodeLogits">[steps][vocab] logits after each decode step.</param>
/// <param name="Metrics">Measured counts and timings.</param>
/// <param name="HiddenStates">When captured: [L+1] entries of [T_ℓ × hidden] (0 = embeddings; last = after final norm), else null.</param>
/// <param name="Trace">Survivors entering every layer (always) and, with <see cref="RunOptions.RecordScores"/>, per-layer scores.</param>
public sealed record RunResult(
    float[] LastLogits,
    int[] Generated,
    float[][] DecodeLogits,
    RunMetrics Metrics,
    float[][]? HiddenStates,
    ReductionTrace Trace);
