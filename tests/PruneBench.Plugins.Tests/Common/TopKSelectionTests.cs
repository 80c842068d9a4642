using PruneBench.Abstractions.Scoring;
using Xunit;

namespace PruneBench.Plugins.Tests.Common;

public class TopKSelectionTests
{
    [Fact]
    public void Top_k_matches_a_plain_sort_with_ties_to_the_lower_index()
    {
        var rng = new System.Random(4);
        var scores = Enumerable.Range(0, 500).Select(_ => (float)(rng.Next(40) - 20) / 3).ToArray();
        scores[7] = float.NaN;
        scores[8] = -0f;
        scores[9] = float.NegativeInfinity;
        foreach (var k in new[] { 0, 1, 17, 250, 499 })
        {
            var expected = Enumerable.Range(0, scores.Length)
                .OrderByDescending(i => float.IsNaN(scores[i]) ? float.NegativeInfinity : scores[i])
                .ThenBy(i => float.IsNaN(scores[i]) ? 1 : 0).ThenBy(i => i)
                .Take(k).Order();
            Assert.Equal(expected, TopKSelection.Ascending(scores, k));
        }
    }

    [Fact]
    public void Lowest_k_ranks_ties_by_index()
    {
        Assert.Equal([1, 3], TopKSelection.LowestAscending([2.0, 1.0, 3.0, 1.0, 1.0], 2));
    }
}
