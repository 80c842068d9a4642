using PruneBench.Harness.Runs;
using Xunit;

namespace PruneBench.Harness.Tests.Runs;

public sealed class RunConfigurationTests
{
    private static readonly RunConfiguration Fastv = new("m", "b", "t", 8, 16, 4, 0, "fastv", "", 0.5, "PruneBench.Plugins.Builtin 1.0.0+aaa sha256:0123456789abcdef");

    [Fact]
    public void The_run_id_changes_with_the_plugin_build()
    {
        var rebuilt = Fastv with { MethodBuild = "PruneBench.Plugins.Builtin 1.0.0+bbb sha256:fedcba9876543210" };

        Assert.NotEqual(Fastv.RunId, rebuilt.RunId);
        Assert.Equal(Fastv.RunId, (Fastv with { }).RunId);
    }

    [Fact]
    public void The_baseline_runs_no_plugin_code_so_its_id_does_not_depend_on_a_build()
    {
        Assert.Equal("", Fastv.Baseline.MethodBuild);
        Assert.Equal(Fastv.Baseline.RunId, (Fastv with { MethodBuild = "other" }).Baseline.RunId);
        // Ids without a build are the ids of results written before builds entered the id: published baselines resume.
        Assert.Equal(new RunConfiguration("m", "b", "t", 8, 16, 4, 0, "none", "", null).RunId, Fastv.Baseline.RunId);
    }
}
