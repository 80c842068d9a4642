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
}
