using PruneBench.Harness.Results;
using Xunit;

namespace PruneBench.Harness.Tests.Infrastructure;

/// <summary>Checks on result folders written by the CLI.</summary>
public static class ResultsAssert
{
    /// <summary>
    /// The folder holds exactly <paramref name="expectedRuns"/> rows with distinct run ids, and each ok row has exactly
    /// its samples' predictions, once.
    /// </summary>
    public static IReadOnlyList<ResultRow> Complete(string folder, int expectedRuns)
    {
        var rows = ResultsCsvFile.Read(Path.Combine(folder, "results.csv"));
        Assert.Equal(expectedRuns, rows.Count);
        Assert.Equal(expectedRuns, rows.Select(r => r.RunId).Distinct().Count());
        var predictions = File.ReadAllLines(Path.Combine(folder, "results.predictions.jsonl"))
            .Select(l => System.Text.Json.JsonSerializer.Deserialize<PredictionRecord>(l)!)
            .ToArray();
        Assert.Equal(predictions.Length, predictions.Select(p => (p.RunId, p.SampleId)).Distinct().Count());
        foreach (var row in rows)
        {
            Assert.Equal(row.Status == RunStatus.Ok ? row.NSamples : 0, predictions.Count(p => p.RunId == row.RunId));
        }

        return rows;
    }

    /// <summary>
    /// Two result folders hold the same runs with the same values in every column but the measured ones
    /// (<see cref="ResultsSchema.MeasuredColumns"/>), and the same per-sample predictions apart from their prefill time.
    /// </summary>
    public static void SameApartFromMeasurements(string expectedFolder, string actualFolder)
    {
        var kept = ResultsSchema.Columns.Select((c, i) => (c, i)).Where(x => !ResultsSchema.MeasuredColumns.Contains(x.c)).Select(x => x.i).ToArray();
        Assert.Equal(Rows(expectedFolder), Rows(actualFolder));
        Assert.Equal(Predictions(expectedFolder), Predictions(actualFolder));

        // Data lines (header checked by the reader) keyed by run id, timing cells removed.
        SortedDictionary<string, string> Rows(string folder) => new(
            File.ReadAllLines(Path.Combine(folder, "results.csv")).Skip(1)
                .Select(l => l.Split(','))
                .ToDictionary(c => c[0], c => string.Join(',', kept.Select(i => c[i]))),
            StringComparer.Ordinal);

        static string[] Predictions(string folder) =>
            File.ReadAllLines(Path.Combine(folder, "results.predictions.jsonl"))
                .Select(l => System.Text.Json.JsonSerializer.Deserialize<PredictionRecord>(l)! with { PrefillMs = 0 })
                .Select(p => p.ToString())
                .Order(StringComparer.Ordinal)
                .ToArray();
    }
}
