using PruneBench.Harness.Models;
using PruneBench.Harness.Results;
using PruneBench.Harness.Runs;
using PruneBench.Harness.Usage;

namespace PruneBench.Harness.Sweeps;

/// <summary>
/// A resumed sweep skips its finished runs by run id, and a run id names the model, not its checkpoint's content: after
/// a shipped model is retrained (or a folder's weights replaced), resuming into the old folder would measure the
/// methods on the new checkpoint against the baseline rows of the old one. sweep.json records each checkpoint's
/// fingerprint; a model whose fingerprint changed while finished runs of this plan are in results.csv is refused
/// before anything runs. Failed rows do not count: a run that failed on a broken checkpoint runs again once it is
/// fixed, and its row is replaced.
/// </summary>
internal static class CheckpointGuard
{
    /// <summary>
    /// The fingerprints to record in the new sweep.json (those of this plan's checkpoint models, over the ones recorded
    /// before for other models).
    /// </summary>
    /// <exception cref="UsageException">A model's checkpoint changed under finished runs of this plan (names the model and the folder).</exception>
    public static IReadOnlyDictionary<string, string> Check(string folder, IReadOnlyList<RunConfiguration> runs, IReadOnlyList<ResultRow> rows)
    {
        var recorded = SweepManifest.ReadModels(folder);
        var finished = rows.Where(r => r.Status != RunStatus.Failed).Select(r => r.RunId).ToHashSet(StringComparer.Ordinal);
        var fingerprints = new Dictionary<string, string>(recorded, StringComparer.Ordinal);
        foreach (var model in runs.Select(r => r.Model).Distinct(StringComparer.Ordinal))
        {
            if (CheckpointFingerprint.Of(model) is not { } now)
            {
                continue;
            }

            var done = runs.Count(r => r.Model == model && finished.Contains(r.RunId));
            if (recorded.TryGetValue(model, out var before) && before != now && done > 0)
            {
                throw new UsageException(
                    $"Model '{model}' changed since the rows in '{folder}' were written (checkpoint fingerprint {before} in {SweepManifest.FileName}, {now} now): " +
                    $"its {done} finished runs would be compared with runs on the new checkpoint. Write to a new --out, or move results.csv out of that folder to measure the model again.");
            }

            fingerprints[model] = now;
        }

        return fingerprints;
    }
}
