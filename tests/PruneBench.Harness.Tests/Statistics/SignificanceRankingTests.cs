using PruneBench.Harness.Statistics;
using Xunit;

namespace PruneBench.Harness.Tests.Statistics;

public sealed class SignificanceRankingTests
{
    [Fact]
    public void Only_significantly_better_competitors_push_a_rank_down()
    {
        // 0.9 and 0.88 are indistinguishable; both are significantly better than 0.6.
        var significant = new HashSet<(int, int)> { (0, 2), (2, 0), (1, 2), (2, 1) };

        var ranks = SignificanceRanking.Ranks([0.9, 0.88, 0.6], (i, j) => significant.Contains((i, j)));

        Assert.Equal([1, 1, 3], ranks);
    }

    [Fact]
    public void Without_any_significant_difference_everyone_ranks_first()
    {
        Assert.Equal([1, 1, 1], SignificanceRanking.Ranks([0.5, 0.4, 0.3], (_, _) => false));
    }
}
