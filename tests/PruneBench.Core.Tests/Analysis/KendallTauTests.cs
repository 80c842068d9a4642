using PruneBench.Core.Analysis;
using Xunit;

namespace PruneBench.Core.Tests.Analysis;

public class KendallTauTests
{
    /// <summary>O(N²) definition of τ_b, the reference for Knight's algorithm.</summary>
    private static double BruteForceTauB(double[] x, double[] y)
    {
        long concordant = 0, discordant = 0, tiesXOnly = 0, tiesYOnly = 0;
        for (var i = 0; i < x.Length; i++)
        {
            for (var j = i + 1; j < x.Length; j++)
            {
                var dx = Math.Sign(x[i] - x[j]);
                var dy = Math.Sign(y[i] - y[j]);
                if (dx == 0 && dy == 0)
                {
                    continue;
                }

                if (dx == 0)
                {
                    tiesXOnly++;
                }
                else if (dy == 0)
                {
                    tiesYOnly++;
                }
                else if (dx == dy)
                {
                    concordant++;
                }
                else
                {
                    discordant++;
                }
            }
        }

        var untiedX = concordant + discordant + tiesYOnly;
        var untiedY = concordant + discordant + tiesXOnly;
        return (concordant - discordant) / Math.Sqrt((double)untiedX * untiedY);
    }

    [Theory]
    [InlineData(1, 50, 5)]
    [InlineData(2, 200, 10)]
    [InlineData(3, 301, 3)]
    [InlineData(4, 1000, 1000)]
    [InlineData(5, 2, 2)]
    public void Knight_matches_the_quadratic_definition_on_random_data_with_ties(int seed, int n, int levels)
    {
        var rng = new Random(seed);
        var x = Enumerable.Range(0, n).Select(_ => (double)rng.Next(levels)).ToArray();
        var y = Enumerable.Range(0, n).Select(i => rng.NextDouble() < 0.5 ? x[i] + rng.Next(3) : rng.Next(levels)).ToArray();

        var fast = KendallTau.TauB(x, y);
        var slow = BruteForceTauB(x, y);

        if (double.IsNaN(slow))
        {
            Assert.True(double.IsNaN(fast));
        }
        else
        {
            Assert.Equal(slow, fast, 12);
        }
    }

    [Fact]
    public void Identical_rankings_give_one_and_reversed_rankings_give_minus_one()
    {
        double[] x = [1, 2, 3, 4, 5];
        Assert.Equal(1.0, KendallTau.TauB(x, [10, 20, 30, 40, 50]), 12);
        Assert.Equal(-1.0, KendallTau.TauB(x, [5, 4, 3, 2, 1]), 12);
    }

    [Fact]
    public void A_constant_variable_has_no_defined_correlation()
    {
        Assert.True(double.IsNaN(KendallTau.TauB([1, 1, 1], [1, 2, 3])));
    }

    [Fact]
    public void NaN_input_and_unpaired_lengths_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => KendallTau.TauB([1, double.NaN], [1, 2]));
        Assert.Throws<ArgumentException>(() => KendallTau.TauB([1, 2, 3], [1, 2]));
    }
}
