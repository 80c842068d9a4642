using CsvHelper;

namespace PruneBench.Harness.Results;

/// <summary>
/// One row of a results CSV: one configuration run over its samples. Column names and meaning are in
/// docs/results.md (schema version <see cref="ResultsSchema.Version"/>); empty cells are nulls.
/// </summary>
[CsvRecord]
[CsvOptions(NewLine = "\n", Culture = "")]
public sealed partial record ResultRow
{
    // ---- identity -----------------------------------------------------------------------------
    [CsvColumn("run_id")]
    public required string RunId { get; init; }
    [CsvColumn("timestamp_utc")]
    public required string TimestampUtc { get; init; }
    [CsvColumn("git_commit")]
    public required string GitCommit { get; init; }
    [CsvColumn("model")]
    public required string Model { get; init; }
    [CsvColumn("model_family")]
    public string ModelFamily { get; init; } = "";
    [CsvColumn("dtype")]
    public string DType { get; init; } = "";
    [CsvColumn("device")]
    public string Device { get; init; } = "";
    [CsvColumn("backend")]
    public string Backend { get; init; } = "";
    [CsvColumn("libtorch_version")]
    public string LibTorchVersion { get; init; } = "";
    [CsvColumn("gpu_name")]
    public string GpuName { get; init; } = "";
    [CsvColumn("driver_version")]
    public string DriverVersion { get; init; } = "";
    [CsvColumn("cuda_version")]
    public string CudaVersion { get; init; } = "";
    [CsvColumn("benchmark")]
    public required string Benchmark { get; init; }
    [CsvColumn("task")]
    public required string Task { get; init; }
    [CsvColumn("frames")]
    public int Frames { get; init; }
    [CsvColumn("tokens_per_frame")]
    public int TokensPerFrame { get; init; }
    [CsvColumn("n_samples")]
    public int NSamples { get; init; }
    [CsvColumn("seed")]
    public int Seed { get; init; }

    // ---- method -------------------------------------------------------------------------------
    [CsvColumn("method")]
    public required string Method { get; init; }
    [CsvColumn("method_params")]
    public string MethodParams { get; init; } = "";
    [CsvColumn("budget")]
    public double? Budget { get; init; }
    [CsvColumn("reduce_layers")]
    public string ReduceLayers { get; init; } = "";

    // ---- outcome ------------------------------------------------------------------------------
    [CsvColumn("accuracy")]
    public double? Accuracy { get; init; }
    [CsvColumn("accuracy_stderr")]
    public double? AccuracyStderr { get; init; }
    [CsvColumn("agreement_with_baseline")]
    public double? AgreementWithBaseline { get; init; }
    [CsvColumn("needle_recall_final")]
    public double? NeedleRecallFinal { get; init; }
    [CsvColumn("retention_final")]
    public double? RetentionFinal { get; init; }
    [CsvColumn("retention_mean")]
    public double? RetentionMean { get; init; }
    [CsvColumn("visual_tokens_in")]
    public int? VisualTokensIn { get; init; }
    [CsvColumn("visual_tokens_out")]
    public double? VisualTokensOut { get; init; }
    [CsvColumn("prefill_ms_mean")]
    public double? PrefillMsMean { get; init; }
    [CsvColumn("prefill_ms_p50")]
    public double? PrefillMsP50 { get; init; }
    [CsvColumn("prefill_ms_p90")]
    public double? PrefillMsP90 { get; init; }
    [CsvColumn("speedup_vs_baseline")]
    public double? SpeedupVsBaseline { get; init; }
    [CsvColumn("reducer_overhead_ms")]
    public double? ReducerOverheadMs { get; init; }
    [CsvColumn("prefill_tflops")]
    public double? PrefillTflops { get; init; }
    [CsvColumn("kv_cache_mb")]
    public double? KvCacheMb { get; init; }
    [CsvColumn("ssm_state_mb")]
    public double? SsmStateMb { get; init; }
    [CsvColumn("peak_mem_mb")]
    public double? PeakMemMb { get; init; }
    [CsvColumn("status")]
    public required string Status { get; init; }
    [CsvColumn("error")]
    public string Error { get; init; } = "";
}
