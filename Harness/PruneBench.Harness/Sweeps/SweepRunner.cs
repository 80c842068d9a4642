using System.Globalization;
using PruneBench.Core.Backends;
using PruneBench.Harness.Devices;
using PruneBench.Harness.Evaluation;
using PruneBench.Harness.Progress;
using PruneBench.Harness.Results;
using PruneBench.Harness.Runs;

namespace PruneBench.Harness.Sweeps;

/// <summary>
/// Runs a grid into a results file, one row at a time. Runs already in the file as <c>ok</c> or <c>skipped</c> are
/// skipped; a <c>failed</c> one runs again and its row is replaced (the cause may be fixed by now). Each run's
/// predictions are flushed before its row, so an interrupted sweep restarts cleanly. A method that throws
/// yields a <c>failed</c> row; out-of-memory, or a setting the method cannot realise on the model (budget out
/// of reach, layers past the model's depth), a <c>skipped</c> row; the sweep goes on either way.
/// </summary>
public sealed class SweepRunner(IRunExecutor executor, IProgressReporter progress, RunEnvironment environment, Func<DateTime> clock)
{
    /// <summary>Runs <paramref name="runs"/> (baselines first within each slice, as <see cref="SweepGrid"/> orders them).</summary>
    public SweepSummary Run(IReadOnlyList<RunConfiguration> runs, ResultsCsvFile results, PredictionsFile predictions)
    {
        var finished = results.Rows.Where(r => r.Status != RunStatus.Failed).Select(r => r.RunId).ToHashSet(StringComparer.Ordinal);
        var failedBefore = results.Rows.Where(r => r.Status == RunStatus.Failed).Select(r => r.RunId).ToHashSet(StringComparer.Ordinal);
        var resumed = runs.Count(r => finished.Contains(r.RunId));
        var retried = runs.Count(r => !finished.Contains(r.RunId) && failedBefore.Contains(r.RunId));
        int ok = 0, failed = 0, skipped = 0;
        var baselines = new Dictionary<string, BaselineReference?>(StringComparer.Ordinal);

        progress.Track(runs.Count, resumed, tracker =>
        {
            foreach (var run in runs.Where(r => !finished.Contains(r.RunId)))
            {
                tracker.Starting(run.Label);
                ResultRow row;
                try
                {
                    var measurement = executor.Execute(run);
                    var timestamp = Now();
                    var baseline = run.IsBaseline ? null : Baseline(run.Baseline, results, predictions, baselines);
                    row = ResultRowFactory.Ok(run, environment, timestamp, measurement, baseline);
                    predictions.Append(measurement.Samples.Select(s => new PredictionRecord(row.RunId, s.SampleId, s.Task, s.Answer,
                        s.Prediction, s.Metrics.VisualIn, s.Metrics.VisualOut, s.Metrics.RetentionMean, s.NeedleRecall, s.Metrics.PrefillMs)).ToArray());
                    ok++;
                }
                catch (DeviceOutOfMemoryException e)
                {
                    row = ResultRowFactory.NotRun(run, environment, Now(), RunStatus.Skipped, $"out of memory: {e.Message}");
                    skipped++;
                    tracker.Note($"skipped: {run.Label}: {row.Error}");
                }
                catch (MethodNotApplicableException e)
                {
                    row = ResultRowFactory.NotRun(run, environment, Now(), RunStatus.Skipped, $"not applicable: {e.Message}");
                    skipped++;
                    tracker.Note($"skipped: {run.Label}: {ResultsCsvFile.OneLine(row.Error)}");
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    row = ResultRowFactory.NotRun(run, environment, Now(), RunStatus.Failed, $"{e.GetType().Name}: {e.Message}");
                    failed++;
                    tracker.Failure($"failed: {run.Label}: {e.GetType().Name}: {ResultsCsvFile.OneLine(e.Message)}");
                }

                results.Append(row);
                if (run.IsBaseline)
                {
                    baselines.Remove(run.RunId);
                }

                tracker.Finished(run.Label, Outcome(row));
            }
        });

        return new SweepSummary(runs.Count, resumed, ok, failed, skipped, retried);

        // timestamp_utc is when the run ended (docs/results.md).
        string Now() => clock().ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
    }

    private static BaselineReference? Baseline(RunConfiguration baseline, ResultsCsvFile results, PredictionsFile predictions,
        Dictionary<string, BaselineReference?> cache)
    {
        var id = baseline.RunId;
        if (cache.TryGetValue(id, out var known))
        {
            return known;
        }

        var row = results.Rows.LastOrDefault(r => r.RunId == id && r.Status == RunStatus.Ok);
        var reference = row is null
            ? null
            : new BaselineReference(row.PrefillMsMean,
                (predictions.ForRun(id) ?? []).ToDictionary(p => p.SampleId, p => p.Prediction, StringComparer.Ordinal));
        cache[id] = reference;
        return reference;
    }

    private static string Outcome(ResultRow row) => row.Status switch
    {
        RunStatus.Ok => "ok"
                        + (row.Accuracy is { } a ? " acc " + a.ToString("0.000", CultureInfo.InvariantCulture) : "")
                        + " ret " + row.RetentionMean?.ToString("0.000", CultureInfo.InvariantCulture)
                        + " prefill " + row.PrefillMsMean?.ToString("0.0", CultureInfo.InvariantCulture) + " ms"
                        + (row.SpeedupVsBaseline is { } s ? " ×" + s.ToString("0.00", CultureInfo.InvariantCulture) : ""),
        _ => row.Status,
    };
}
