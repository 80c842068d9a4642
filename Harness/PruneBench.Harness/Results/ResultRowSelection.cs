namespace PruneBench.Harness.Results;

/// <summary>
/// Which rows count when one run appears more than once: in copies of a folder, a folder given twice, concurrent
/// writers, or a configuration measured again by a newer plugin build. Pure functions over rows; callers report
/// how many rows they dropped.
/// </summary>
public static class ResultRowSelection
{
    /// <summary>
    /// One row per run id: an <c>ok</c> row over a <c>skipped</c> one over a <c>failed</c> one, then the latest
    /// <c>timestamp_utc</c> (the end of the run), then the first seen. Order of first appearance is kept.
    /// </summary>
    public static (IReadOnlyList<ResultRow> Rows, int Dropped) OnePerRunId(IEnumerable<ResultRow> rows)
    {
        var all = rows.ToArray();
        var kept = all
            .Select((row, index) => (row, index))
            .GroupBy(x => x.row.RunId, StringComparer.Ordinal)
            .Select(g => g.OrderBy(x => Preference(x.row.Status)).ThenByDescending(x => x.row.TimestampUtc, StringComparer.Ordinal).ThenBy(x => x.index).First())
            .OrderBy(x => x.index)
            .Select(x => x.row)
            .ToArray();
        return (kept, all.Length - kept.Length);
    }

    /// <summary>
    /// One <c>ok</c> row per measured configuration — model, benchmark slice, seed, method, resolved parameters, budget,
    /// device and dtype — the one that ended last. Two such rows have different run ids only when the method's plugin
    /// build differs (see <see cref="Runs.RunConfiguration.MethodBuild"/>), so the newest build's measurement is kept.
    /// Rows of other statuses pass through.
    /// </summary>
    public static (IReadOnlyList<ResultRow> Rows, int Dropped) NewestPerConfiguration(IEnumerable<ResultRow> rows)
    {
        var all = rows.ToArray();
        var newest = all.Where(r => r.Status == RunStatus.Ok)
            .GroupBy(r => (r.Model, r.Benchmark, r.Task, r.Frames, r.TokensPerFrame, r.NSamples, r.Seed, r.Method, r.MethodParams, r.Budget, r.Device, r.DType))
            .Select(g => g.MaxBy(r => r.TimestampUtc, StringComparer.Ordinal)!)
            .ToHashSet();
        var kept = all.Where(r => r.Status != RunStatus.Ok || newest.Contains(r)).ToArray();
        return (kept, all.Length - kept.Length);
    }

    private static int Preference(string status) => status switch
    {
        RunStatus.Ok => 0,
        RunStatus.Skipped => 1,
        _ => 2,
    };
}
