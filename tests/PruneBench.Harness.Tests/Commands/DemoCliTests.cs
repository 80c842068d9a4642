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
        Assert.Equal(["synth-nemotronh-deep", "synth-qwen2-deep"], rows.Select(r => r.Model).Distinct().Order());
        // The demo models are deep enough for every method at every budget (issue 15): no row skipped or failed.
        Assert.All(rows, r => Assert.Equal(RunStatus.Ok, r.Status));
        Assert.True(File.Exists(temp.File(LeaderboardService.CsvName)));
        Assert.Contains("### synth-nemotronh-deep · synth-hop", result.Output, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(temp.File(LeaderboardService.MarkdownName)).Trim(), result.Output[result.Output.IndexOf("### ", StringComparison.Ordinal)..result.Output.IndexOf("Leaderboard: ", StringComparison.Ordinal)].Trim());
    }
}
