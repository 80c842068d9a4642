using PruneBench.Harness.Leaderboard;
using PruneBench.Harness.Tests.Infrastructure;
using Xunit;

namespace PruneBench.Harness.Tests.Commands;

[Collection(nameof(CliCollection))]
public sealed class LeaderboardCliTests(SampleReducerBuild sample)
{
    private string Results(TempFolder temp)
    {
        var folder = temp.File("results");
        var run = CliProcess.Run(300, "run", "-m", RepositoryPaths.Fixture("llama"), "-b", "random", "--samples", "2", "--method", "stride", "--budget", "0.9",
            "--plugins", sample.OutputFolder, "--device", "cpu", "--out", folder);
        Assert.True(run.ExitCode == 0, run.ToString());
        return folder;
    }

    [Fact]
    public void The_leaderboard_writes_into_its_own_folder_and_refuses_an_input_folder()
    {
        using var temp = new TempFolder();
        var input = Results(temp);
        var before = Directory.EnumerateFiles(input).Order(StringComparer.Ordinal).ToArray();

        var refused = CliProcess.RunIn(temp.Path, 60, "leaderboard", input, "-o", input);
        var byDefault = CliProcess.RunIn(temp.Path, 60, "leaderboard", input);

        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.StartsWith($"error: --out '{input}' is the folder of input '{input}'", refused.Error, StringComparison.Ordinal);
        Assert.True(byDefault.ExitCode == 0, byDefault.ToString());
        Assert.True(File.Exists(Path.Combine(temp.Path, LeaderboardService.DefaultOutput, LeaderboardService.MarkdownName)));
        Assert.Equal(before, Directory.EnumerateFiles(input).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_folder_given_twice_counts_once_and_the_duplicates_are_reported()
    {
        using var temp = new TempFolder();
        var input = Results(temp);

        var result = CliProcess.Run(60, "leaderboard", input, input, "-o", temp.File("board"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Ignored 2 duplicate rows (a run id seen before", result.Output, StringComparison.Ordinal);
        var lines = File.ReadAllLines(Path.Combine(temp.File("board"), LeaderboardService.CsvName));
        var header = lines[0].Split(',');
        var stride = lines.Single(l => l.Contains(",stride,", StringComparison.Ordinal)).Split(',');
        Assert.Equal(("1", "2"), (stride[Array.IndexOf(header, "runs")], stride[Array.IndexOf(header, "samples")]));
    }
}
