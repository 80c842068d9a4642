using PruneBench.Harness.Devices;
using PruneBench.Harness.Evaluation;
using PruneBench.Harness.Runs;
using PruneBench.Harness.Sweeps;

namespace PruneBench.Harness.Results;

/// <summary>Builds results rows: identity and environment columns, and the per-run aggregates of the samples.</summary>
public static class ResultRowFactory
{
    private const double Mebibyte = 1024.0 * 1024.0;

    /// <summary>An <c>ok</c> row from a measurement; <paramref name="baseline"/> fills speedup and agreement.</summary>
    public static ResultRow Ok(RunConfiguration run, RunEnvironment environment, string timestampUtc, RunMeasurement measurement, BaselineReference? baseline)
    {
        var samples = measurement.Samples;
        var metrics = samples.Select(s => s.Metrics).ToArray();
        var prefill = metrics.Select(m => m.PrefillMs).ToArray();
        var prefillMean = prefill.Average();
        double? accuracy = measurement.MeasuresAccuracy ? samples.Average(s => s.Prediction == s.Answer ? 1.0 : 0.0) : null;
        var recalls = samples.Where(s => s.NeedleRecall is not null).Select(s => s.NeedleRecall!.Value).ToArray();

        double? agreement = null;
        double? speedup = null;
        if (run.IsBaseline)
        {
            agreement = 1;
            speedup = 1;
        }
        else if (baseline is not null)
        {
            var compared = samples.Where(s => baseline.Predictions.ContainsKey(s.SampleId)).ToArray();
            agreement = compared.Length == samples.Count
                ? compared.Average(s => s.Prediction == baseline.Predictions[s.SampleId] ? 1.0 : 0.0)
                : null;
            speedup = baseline.PrefillMsMean / prefillMean;
        }

        return Identity(run, environment, timestampUtc, RunStatus.Ok, "") with
        {
            // The samples actually run (a pack slice asks for "all" as 0).
            NSamples = samples.Count,
            ModelFamily = measurement.ModelFamily,
            MethodParams = measurement.MethodParams,
            ReduceLayers = measurement.ReduceLayers,
            Accuracy = accuracy,
            AccuracyStderr = accuracy is { } p ? Math.Sqrt(p * (1 - p) / samples.Count) : null,
            AgreementWithBaseline = agreement,
            NeedleRecallFinal = recalls.Length > 0 ? recalls.Average() : null,
            RetentionFinal = metrics.Average(m => m.RetentionFinal),
            RetentionMean = metrics.Average(m => m.RetentionMean),
            VisualTokensIn = metrics[0].VisualIn,
            VisualTokensOut = metrics.Average(m => (double)m.VisualOut),
            PrefillMsMean = prefillMean,
            PrefillMsP50 = Percentile(prefill, 0.5),
            PrefillMsP90 = Percentile(prefill, 0.9),
            SpeedupVsBaseline = speedup,
            ReducerOverheadMs = metrics.Average(m => m.ReducerOverheadMs),
            PrefillTflops = metrics.Average(m => m.PrefillFlops) / 1e12,
            KvCacheMb = metrics.Average(m => m.KvCacheBytes) / Mebibyte,
            SsmStateMb = metrics.Average(m => m.SsmStateBytes) / Mebibyte,
            // Unknown (empty) when the backend could not see its allocations, rather than a measured-looking 0.
            PeakMemMb = metrics.All(m => m.PeakMemoryBytes is not null) ? metrics.Max(m => m.PeakMemoryBytes!.Value) / Mebibyte : null,
        };
    }

    /// <summary>A <c>failed</c> or <c>skipped</c> row: identity, environment, status and message only.</summary>
    public static ResultRow NotRun(RunConfiguration run, RunEnvironment environment, string timestampUtc, string status, string error) =>
        Identity(run, environment, timestampUtc, status, error);

    /// <summary>Linear-interpolation percentile (numpy's default) of <paramref name="values"/>, q in [0, 1].</summary>
    public static double Percentile(IReadOnlyList<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        var position = q * (sorted.Length - 1);
        var lo = (int)Math.Floor(position);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((sorted[hi] - sorted[lo]) * (position - lo));
    }

    private static ResultRow Identity(RunConfiguration run, RunEnvironment environment, string timestampUtc, string status, string error) => new()
    {
        RunId = run.RunId,
        TimestampUtc = timestampUtc,
        GitCommit = environment.GitCommit,
        Model = Models.ModelResolver.Name(run.Model),
        DType = environment.DType,
        Device = environment.Device,
        Backend = environment.Backend,
        LibTorchVersion = environment.LibTorchVersion,
        GpuName = environment.GpuName,
        DriverVersion = environment.DriverVersion,
        CudaVersion = environment.CudaVersion,
        Benchmark = run.Benchmark,
        Task = run.Task,
        Frames = run.Frames,
        TokensPerFrame = run.TokensPerFrame,
        NSamples = run.Samples,
        Seed = run.Seed,
        Method = run.Method,
        MethodParams = run.MethodArguments,
        Budget = run.Budget,
        Status = status,
        Error = error,
    };
}
