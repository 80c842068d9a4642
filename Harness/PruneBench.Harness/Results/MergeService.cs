namespace PruneBench.Harness.Results;

/// <summary>
/// <c>prunebench merge</c>: joins result folders (the shards of a sweep, or sweeps run elsewhere) into one:
/// every run id once (an <c>ok</c> row wins over a failed or skipped one), with its predictions.
/// Merging into a folder that already holds results adds only run ids it does not have.
/// </summary>
public static class MergeService
{
    /// <summary>Merges <paramref name="sources"/> (folders holding results.csv) into <paramref name="destination"/>.</summary>
    /// <returns>Rows added.</returns>
    /// <exception cref="FileNotFoundException">A source has no results.csv.</exception>
    /// <exception cref="ResultsSchemaException">A source or the destination is of another schema.</exception>
    public static int Run(IReadOnlyList<string> sources, string destination, TextWriter output)
    {
        var inputs = sources.Select(folder =>
        {
            var csv = Path.Combine(folder, Sweeps.SweepService.ResultsFileName);
            var rows = ResultsCsvFile.Read(csv);
            var predictionsPath = PredictionsFile.PathFor(csv);
            var predictions = File.Exists(predictionsPath)
                ? File.ReadLines(predictionsPath).Where(l => l.Length > 0)
                    .Select(l => System.Text.Json.JsonSerializer.Deserialize<PredictionRecord>(l)!)
                    .GroupBy(p => p.RunId, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => (IReadOnlyList<PredictionRecord>)g.ToArray(), StringComparer.Ordinal)
                : [];
            return (rows, predictions);
        }).ToArray();

        OutputFolder.Prepare(destination);
        var target = ResultsCsvFile.OpenForAppend(Path.Combine(destination, Sweeps.SweepService.ResultsFileName));
        var have = target.Rows.Select(r => r.RunId).ToHashSet(StringComparer.Ordinal);
        var targetPredictions = PredictionsFile.OpenForAppend(PredictionsFile.PathFor(target.Path), have);

        var chosen = inputs
            .SelectMany(input => input.rows.Select(row => (row, input.predictions)))
            .Where(x => !have.Contains(x.row.RunId))
            .GroupBy(x => x.row.RunId, StringComparer.Ordinal)
            .Select(g => g.OrderBy(x => x.row.Status == RunStatus.Ok ? 0 : 1).First());
        var added = 0;
        foreach (var (row, predictions) in chosen)
        {
            if (row.Status == RunStatus.Ok && predictions.TryGetValue(row.RunId, out var records))
            {
                targetPredictions.Append(records);
            }

            target.Append(row);
            added++;
        }

        output.WriteLine($"Merged {sources.Count} result folders into {target.Path}: {added} rows added, {target.Rows.Count} in total.");
        return added;
    }
}
