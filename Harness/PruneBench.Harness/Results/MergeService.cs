namespace PruneBench.Harness.Results;

/// <summary>
/// <c>prunebench merge</c>: joins result folders (the shards of a sweep, or sweeps run elsewhere) into one: every
/// run id once (<see cref="ResultRowSelection.OnePerRunId"/>), with its predictions. Merging into a folder that
/// already holds results adds the run ids it does not have, and replaces its <c>failed</c> rows by a source's
/// <c>ok</c> or <c>skipped</c> row of the same run. Rows dropped as duplicates are counted in the summary line.
/// </summary>
public static class MergeService
{
    /// <summary>Merges <paramref name="sources"/> (folders holding results.csv) into <paramref name="destination"/>, holding its lock.</summary>
    /// <returns>Rows added or replaced.</returns>
    /// <exception cref="FileNotFoundException">A source has no results.csv.</exception>
    /// <exception cref="ResultsSchemaException">A source or the destination is of another schema.</exception>
    /// <exception cref="Usage.UsageException">The destination cannot be written or another process writes it.</exception>
    public static int Run(IReadOnlyList<string> sources, string destination, string commandLine, TextWriter output)
    {
        var inputs = sources.Select(Read).ToArray();
        var csvPath = Path.Combine(destination, Sweeps.SweepService.ResultsFileName);
        OutputFolder.Prepare(destination, ResultsCsvFile.FileNames(Sweeps.SweepService.ResultsFileName));
        using var writer = OutputLock.Acquire(destination, commandLine);
        return Into(inputs, sources.Count, csvPath, output);
    }

    /// <summary>Merges into <paramref name="csvPath"/>, whose folder the caller has prepared and locked.</summary>
    public static int RunLocked(IReadOnlyList<string> sources, string csvPath, TextWriter output) =>
        Into(sources.Select(Read).ToArray(), sources.Count, csvPath, output);

    private static int Into((IReadOnlyList<ResultRow> Rows, IReadOnlyDictionary<string, IReadOnlyList<PredictionRecord>> Predictions)[] inputs,
        int sourceCount, string csvPath, TextWriter output)
    {
        var target = ResultsCsvFile.OpenForAppend(csvPath);
        var targetPredictions = PredictionsFile.OpenForAppend(PredictionsFile.PathFor(csvPath), target.Rows.Select(r => r.RunId).ToHashSet(StringComparer.Ordinal));
        var have = target.Rows.ToDictionary(r => r.RunId, r => r.Status, StringComparer.Ordinal);

        var offered = inputs.SelectMany(i => i.Rows).ToArray();
        var (chosen, repeated) = ResultRowSelection.OnePerRunId(offered);
        var predictionsOf = new Dictionary<string, IReadOnlyList<PredictionRecord>>(StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            foreach (var (id, records) in input.Predictions)
            {
                predictionsOf.TryAdd(id, records);
            }
        }

        int added = 0, present = 0;
        foreach (var row in chosen)
        {
            if (have.TryGetValue(row.RunId, out var status) && !(status == RunStatus.Failed && row.Status != RunStatus.Failed))
            {
                present++;
                continue;
            }

            if (row.Status == RunStatus.Ok && predictionsOf.TryGetValue(row.RunId, out var records))
            {
                targetPredictions.Append(records);
            }

            target.Append(row);
            added++;
        }

        output.WriteLine($"Merged {sourceCount} result folders into {target.Path}: {added} rows added, {target.Rows.Count} in total"
                         + (repeated + present > 0
                             ? $"; {repeated + present} duplicate rows dropped ({present} already there, {repeated} repeated in the sources; same run id)."
                             : "."));
        return added;
    }

    private static (IReadOnlyList<ResultRow> Rows, IReadOnlyDictionary<string, IReadOnlyList<PredictionRecord>> Predictions) Read(string folder)
    {
        var csv = Path.Combine(folder, Sweeps.SweepService.ResultsFileName);
        return (ResultsCsvFile.Read(csv), PredictionsFile.ReadAll(PredictionsFile.PathFor(csv)));
    }
}
