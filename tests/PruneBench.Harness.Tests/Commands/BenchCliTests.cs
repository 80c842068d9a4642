using PruneBench.Harness.Tests.Infrastructure;
using Xunit;

namespace PruneBench.Harness.Tests.Commands;

[Collection(nameof(CliCollection))]
public sealed class BenchCliTests
{
    [Fact]
    public void Bench_times_methods_on_random_prompts_and_prints_the_speed_table_without_accuracy()
    {
        using var temp = new TempFolder();

        var result = CliProcess.Run(300, "bench", "-m", RepositoryPaths.Fixture("nemotron_h_groups"), "--frames", "8", "--repeats", "2",
            "--methods", "fastv,stateful", "--budgets", "0.5", "--device", "cpu", "--out", temp.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        var rows = ResultsAssert.Complete(temp.Path, 3);
        Assert.All(rows, r => Assert.Null(r.Accuracy));
        Assert.All(rows, r => Assert.True(r.PrefillMsP50 > 0 && r.SpeedupVsBaseline > 0 && r.PrefillTflops > 0));
        Assert.Contains("### nemotron_h_groups · 8×16 visual tokens · cpu", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"\| stateful \| 0\.5 \| [0-9.]+ \| [0-9.]+× \|", result.Output);
    }
}
