using PruneBench.Harness.Results;
using PruneBench.Harness.Tests.Infrastructure;
using Xunit;

namespace PruneBench.Harness.Tests.Results;

public sealed class PredictionsFileTests
{
    private static PredictionRecord Record(string run, string sample, int prediction) =>
        new(run, sample, "t", 1, prediction, 128, 64, 0.5, null, 3.5);

    [Fact]
    public void Lines_of_runs_without_a_results_row_are_dropped_so_a_rerun_does_not_duplicate_them()
    {
        using var temp = new TempFolder();
        var path = temp.File("p.jsonl");
        var file = PredictionsFile.OpenForAppend(path, new HashSet<string>());
        file.Append([Record("done", "s0", 1), Record("done", "s1", 2)]);
        file.Append([Record("killed", "s0", 0)]);
        File.AppendAllText(path, "{\"run_id\":\"killed\",\"sam");

        var reopened = PredictionsFile.OpenForAppend(path, new HashSet<string> { "done" });

        Assert.Equal(2, File.ReadAllLines(path).Length);
        Assert.Equal([1, 2], reopened.ForRun("done")!.Select(p => p.Prediction));
        Assert.Null(reopened.ForRun("killed"));
    }

    [Fact]
    public void Records_carry_a_correct_flag()
    {
        using var temp = new TempFolder();
        var path = temp.File("p.jsonl");
        PredictionsFile.OpenForAppend(path, new HashSet<string>()).Append([Record("r", "s", 1)]);

        Assert.Contains("\"correct\":true", File.ReadAllText(path), StringComparison.Ordinal);
    }
}
