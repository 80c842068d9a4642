using PruneBench.Abstractions;
using PruneBench.Harness.Tests.Infrastructure;
using Xunit;

namespace PruneBench.Harness.Tests.Commands;

[Collection(nameof(CliCollection))]
public sealed class PluginsCliTests(SampleReducerBuild sample, VersionedPluginBuild versioned, KeyNormPrunerBuild keyNorm)
{
    [Fact]
    public void The_sample_plugin_built_with_dotnet_build_is_listed_next_to_the_builtin_methods()
    {
        var result = CliProcess.Run(60, "plugins", "list", "--plugins", sample.OutputFolder);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("stride    Keeps every k-th visual token before layer K (sample third-party plugin).", result.Output, StringComparison.Ordinal);
        Assert.Contains(sample.Assembly, result.Output, StringComparison.Ordinal);
        foreach (var builtin in new[] { "none", "random", "pool", "fastv", "vas", "tome", "stateful" })
        {
            Assert.Contains($"\n{builtin} ", "\n" + result.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Inspect_shows_the_parameter_schema()
    {
        var result = CliProcess.Run(60, "plugins", "inspect", "stride", "--plugins", sample.OutputFolder);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("type:     SampleReducer.StrideMethod", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"stride\s+int\s+2\s+\[1, inf\)\s+Keep every stride-th visual token", result.Output);
    }

    [Fact]
    public void A_plugin_built_against_another_contract_is_refused_by_the_cli_with_exit_code_2()
    {
        var result = CliProcess.Run(60, "plugins", "list", "--plugins", versioned.OtherMajor);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"was built against PruneBench.Abstractions {ContractInfo.Major + 1}.0.0.0 (contract major {ContractInfo.Major + 1})", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sweep_runs_the_third_party_method_through_the_engine()
    {
        using var temp = new TempFolder();

        var result = CliProcess.Run(120, "run", "-m", RepositoryPaths.Fixture("nemotron_h_groups"), "--benchmark", "random", "--samples", "2",
            "--method", "stride", "--params", "layer=1;stride=4", "--plugins", sample.OutputFolder, "--device", "cpu", "--out", temp.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        var row = ResultsAssert.Complete(temp.Path, 2)[1];
        Assert.Equal(("stride", "layer=1;stride=4", "0"), (row.Method, row.MethodParams, row.ReduceLayers));
        Assert.Equal(32, row.VisualTokensOut);
    }

    [Fact]
    public void A_third_party_score_pruner_runs_on_the_short_path_and_meets_its_budget()
    {
        using var temp = new TempFolder();

        // nemotron_h_groups: M, A, -, M, A, M, -. keynorm moves layer 0 to the first attention layer, 1.
        var result = CliProcess.Run(120, "run", "-m", RepositoryPaths.Fixture("nemotron_h_groups"), "--benchmark", "random", "--samples", "2",
            "--method", "keynorm", "--params", "layer=0", "--budget", "0.6", "--plugins", keyNorm.OutputFolder, "--device", "cpu", "--out", temp.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        var row = ResultsAssert.Complete(temp.Path, 2)[1];
        Assert.Equal(("keynorm", "1"), (row.Method, row.ReduceLayers));
        Assert.StartsWith("layer=1;ratio=", row.MethodParams, StringComparison.Ordinal);
        Assert.InRange(row.RetentionMean!.Value, 0.6 - (1.0 / 64), 0.6 + (1.0 / 64));
    }
}
