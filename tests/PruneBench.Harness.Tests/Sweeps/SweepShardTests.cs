using PruneBench.Harness.Runs;
using PruneBench.Harness.Sweeps;
using PruneBench.Harness.Usage;
using Xunit;

namespace PruneBench.Harness.Tests.Sweeps;

public sealed class SweepShardTests
{
    private static readonly IReadOnlyList<RunConfiguration> Grid = SweepGrid.Expand(new SweepSpec(
        ["m1", "m2", "m3"], [new BenchmarkAxis("b", ["t1", "t2"], [8], [16], 4)], [new MethodAxis("fastv", [])], [0.25, 0.5], [0, 1]));

    [Fact]
    public void Shards_partition_the_grid_into_whole_slices()
    {
        var shards = Enumerable.Range(0, 5).Select(k => new SweepShard(k, 5).Select(Grid)).ToArray();

        Assert.Equal(Grid.Select(r => r.RunId).Order(), shards.SelectMany(s => s).Select(r => r.RunId).Order());
        Assert.All(shards, shard => Assert.All(shard, r => Assert.Contains(shard, b => b.RunId == r.Baseline.RunId)));
        Assert.All(shards, shard => Assert.InRange(shard.Count, 6, 9));
    }

    [Theory]
    [InlineData("2/2")]
    [InlineData("-1/2")]
    [InlineData("1")]
    [InlineData("a/b")]
    public void A_malformed_shard_is_a_usage_error(string text)
    {
        Assert.Throws<UsageException>(() => SweepShard.Parse(text));
    }
}
