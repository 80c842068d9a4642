using PruneBench.Harness.Leaderboard;
using PruneBench.Harness.Results;
using PruneBench.Harness.Tests.Infrastructure;
using Xunit;

namespace PruneBench.Harness.Tests.Commands;

[Collection(nameof(CliCollection))]
public sealed class DemoCliTests
{
    [Fact]
    public void The_demo_sweeps_every_builtin_method_at_three_budgets_and_writes_the_leaderboard()
    {
        using var temp = new TempFolder();

        // No model named: the two shipped models on the synthetic suite (one task, small slice to keep the test short).
        var result = CliProcess.Run(600, "demo", "--task", "count", "--frames", "8", "--samples", "2", "--device", "cpu", "--out", temp.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        var rows = ResultsAssert.Complete(temp.Path, 2 * (1 + (6 * 3)));
        Assert.Equal(["fastv", "none", "pool", "random", "stateful", "tome", "vas"], rows.Select(r => r.Method).Distinct().Order());
        Assert.Equal([0.25, 0.5, 0.75], rows.Where(r => r.Budget is not null).Select(r => r.Budget!.Value).Distinct().Order());
        Assert.Equal(["synth-nemotronh", "synth-qwen2"], rows.Select(r => r.Model).Distinct().Order());
        Assert.Contains(rows, r => r is { Method: "stateful", Status: RunStatus.Ok, Model: "synth-nemotronh" });
        // The shipped models are 4 and 8 layers deep: settings a method cannot realise there are skipped, not failed.
        Assert.DoesNotContain(rows, r => r.Status == RunStatus.Failed);
        Assert.All(rows.Where(r => r.Status == RunStatus.Skipped), r => Assert.StartsWith("not applicable: ", r.Error, StringComparison.Ordinal));
        Assert.True(File.Exists(temp.File(LeaderboardService.CsvName)));
        Assert.Contains("### synth-nemotronh · synth", result.Output, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(temp.File(LeaderboardService.MarkdownName)).Trim(), result.Output[result.Output.IndexOf("### ", StringComparison.Ordinal)..result.Output.IndexOf("Leaderboard: ", StringComparison.Ordinal)].Trim());
    }
}
