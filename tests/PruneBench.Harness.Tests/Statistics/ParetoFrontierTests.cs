using PruneBench.Harness.Statistics;
using Xunit;

namespace PruneBench.Harness.Tests.Statistics;

public sealed class ParetoFrontierTests
{
    [Fact]
    public void A_retention_difference_below_the_tolerance_does_not_move_a_point_off_the_frontier()
    {
        // Same accuracy and speed; retention differs by 1/4096 (the example).
        var flags = ParetoFrontier.OnFrontier([new ParetoPoint(0.97, 0.750, 1.30), new ParetoPoint(0.97, 0.750 - (1.0 / 4096), 1.30)]);

        Assert.Equal([true, true], flags);
    }

    [Fact]
    public void Lower_retention_beyond_the_tolerance_at_equal_accuracy_dominates()
    {
        var flags = ParetoFrontier.OnFrontier([new ParetoPoint(0.97, 0.75, 1.3), new ParetoPoint(0.97, 0.50, 1.8)]);

        Assert.Equal([false, true], flags);
    }

    [Fact]
    public void A_faster_setting_beyond_the_speed_tolerance_stays_on_the_frontier()
    {
        // B is more accurate at the same retention but much slower: both are Pareto-optimal.
        var flags = ParetoFrontier.OnFrontier([new ParetoPoint(0.96, 0.5, 2.0), new ParetoPoint(0.97, 0.5, 1.5)]);

        Assert.Equal([true, true], flags);
        // Within 5 % of its speed, the more accurate one wins.
        Assert.True(ParetoFrontier.Dominates(new ParetoPoint(0.97, 0.5, 1.9), new ParetoPoint(0.96, 0.5, 1.95)));
    }
}
