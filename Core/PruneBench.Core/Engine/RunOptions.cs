namespace PruneBench.Core.Engine;

/// <summary>Options of one engine run.</summary>
/// <param name="DecodeSteps">Greedy decode steps after prefill (0 = prefill only).</param>
/// <param name="CaptureHiddenStates">Return the hidden state after every layer (for infer --dump); costly.</param>
/// <param name="TimeLayers">Record each layer's device time (<see cref="RunMetrics.LayerMs"/>, events in stream order, no synchronisation) and host queueing time (<see cref="RunMetrics.LayerHostMs"/>); profiling: two events per layer cost a few microseconds of host time.</param>
/// <param name="RecordScores">Compute and record the score signal at every layer for analysis (density, stability) even where the reducer asks for none. Costly: a signal per layer. Survivors (needle recall) are always recorded.</param>
public sealed record RunOptions(int DecodeSteps = 0, bool CaptureHiddenStates = false, bool RecordScores = false, bool TimeLayers = false)
{
    /// <summary>Prefill only, nothing captured.</summary>
    public static RunOptions Default { get; } = new();
}
