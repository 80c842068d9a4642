using PruneBench.Harness.Statistics;
using Xunit;

namespace PruneBench.Harness.Tests.Statistics;

public sealed class WilsonIntervalTests
{
    [Theory]
    // Newcombe (1998), Stat. Med. 17:857, Table II, method 3 (score interval without continuity correction).
    [InlineData(81, 263, 0.2553, 0.3662)]
    [InlineData(15, 148, 0.0624, 0.1605)]
    [InlineData(0, 20, 0.0000, 0.1611)]
    [InlineData(1, 29, 0.0061, 0.1718)]
    // 5/10, 0/10 and 10/10 from the closed form.
    [InlineData(5, 10, 0.2366, 0.7634)]
    [InlineData(0, 10, 0.0000, 0.2775)]
    [InlineData(10, 10, 0.7225, 1.0000)]
    public void The_interval_matches_published_values(int successes, int trials, double low, double high)
    {
        var interval = WilsonInterval.Of(successes, trials);

        Assert.Equal(low, interval.Low, 4);
        Assert.Equal(high, interval.High, 4);
    }

    [Fact]
    public void All_successes_reach_one_and_no_successes_zero_exactly()
    {
        Assert.Equal(1.0, WilsonInterval.Of(200, 200).High);
        Assert.Equal(0.0, WilsonInterval.Of(0, 200).Low);
    }

    [Fact]
    public void A_count_outside_the_trials_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WilsonInterval.Of(11, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => WilsonInterval.Of(0, 0));
    }
}
