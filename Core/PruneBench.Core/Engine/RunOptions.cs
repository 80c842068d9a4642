namespace PruneBench.Core.Engine;

/// <summary>Options of one engine run.</summary>
/// <param name="DecodeSteps">Greedy decode steps after prefill (0 = prefill only).</param>
/// <param name="CaptureHiddenStates">Return the hidden state after every layer (for infer --dump); costly.</param>
/// <param name="TimeLayers">Synchronise the device after every layer and record each layer's wall time in <see cref="RunMetrics.LayerMs"/> (profiling: the per-layer syncs cost a little; leave off for published timings).</param>
/// <param name="RecordScores">Compute and record the score signal at every layer for analysis (density, stability) even where the reducer asks for none. Costly: a signal per layer. Survivors (needle recall) are always recorded.</param>
public sealed record RunOptions(int DecodeSteps = 0, bool CaptureHiddenStates = false, bool RecordScores = false, bool TimeLayers = false)
{
    /// <summary>Prefill only, nothing captured.</summary>
    public static RunOptions Default { get; } = new();
}
