namespace PruneBench.Core.Engine;

/// <summary>
/// Measured outcome of one prefill (+ decode). Retentions are measured, not requested.
/// </summary>
/// <param name="TokensPerLayer">[L] sequence length entering each layer.</param>
/// <param name="VisualPerLayer">[L] visual tokens entering each layer (r_ℓ · N_v).</param>
/// <param name="VisualIn">N_v.</param>
/// <param name="VisualOut">Visual tokens entering the last layer.</param>
/// <param name="RetentionFinal">VisualOut / N_v.</param>
/// <param name="RetentionMean">Mean over layers of VisualPerLayer / N_v.</param>
/// <param name="PrefillFlops">Analytic prefill FLOPs (attention, Mamba2, MLP counted per layer on its own length).</param>
/// <param name="KvCacheBytes">Bytes of K and V held after prefill over all attention layers (model dtype).</param>
/// <param name="SsmStateBytes">Bytes of conv + SSM state over all Mamba layers.</param>
/// <param name="PrefillMs">Wall time of prefill, device-synchronised.</param>
/// <param name="ReducerOverheadMs">Time in signals + reducer decisions + compaction: device time of that work on the short path (<see cref="Backends.IDeviceTimer"/>), device-synchronised host time on the host path.</param>
/// <param name="PeakMemoryBytes">Backend peak memory during the run; null when the backend cannot measure it (<see cref="Backends.IBackend.MeasuresMemory"/>).</param>
/// <param name="LayerMs">[L] device time of each layer (mixer, signals and reduction) between events recorded in stream order at its start and end (host time on the CPU); null unless <see cref="RunOptions.TimeLayers"/>. Where the device waits for the host inside a layer, that wait is in it.</param>
/// <param name="LayerHostMs">[L] host time spent queueing each layer; null unless <see cref="RunOptions.TimeLayers"/>. A layer whose host time reaches its device time is host-bound.</param>
public sealed record RunMetrics(
    int[] TokensPerLayer,
    int[] VisualPerLayer,
    int VisualIn,
    int VisualOut,
    double RetentionFinal,
    double RetentionMean,
    double PrefillFlops,
    long KvCacheBytes,
    long SsmStateBytes,
    double PrefillMs,
    double ReducerOverheadMs,
    long? PeakMemoryBytes,
    double[]? LayerMs = null,
    double[]? LayerHostMs = null);
