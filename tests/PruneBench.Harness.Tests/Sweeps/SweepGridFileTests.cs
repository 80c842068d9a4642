using PruneBench.Harness.Sweeps;
using PruneBench.Harness.Tests.Infrastructure;
using Xunit;

namespace PruneBench.Harness.Tests.Sweeps;

public sealed class SweepGridFileTests
{
    [Fact]
    public void A_written_grid_reads_back_to_the_same_runs_and_run_ids()
    {
        using var temp = new TempFolder();
        var spec = new SweepSpec(
            ["tests/fixtures/llama", "synth-qwen2"],
            [new BenchmarkAxis("synth", ["count", "order"], [32, 64], [16], 40), new BenchmarkAxis("pack:/data/my pack", ["all"], [0], [0], 0)],
            [new MethodAxis("fastv", [new("k", ["1", "2"]), new("queries", ["last_token"])]), new MethodAxis("tome", [])],
            [0.1, 0.25, 1.0 / 3],
            [0, 7]);

        SweepGridFile.Write(spec, temp.File("grid.json"));
        var read = SweepFileReader.Read(temp.File("grid.json")).Spec;

        Assert.Equal(SweepGrid.Expand(spec).Select(r => r.RunId), SweepGrid.Expand(read with { Benchmarks = [read.Benchmarks[0], read.Benchmarks[1] with { Samples = 0 }] }).Select(r => r.RunId));
        Assert.Null(read.Benchmarks[1].Samples); // a pack's "all" is left to the suite's default
    }
}
