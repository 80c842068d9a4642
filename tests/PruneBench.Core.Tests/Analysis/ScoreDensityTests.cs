using PruneBench.Core.Analysis;
using PruneBench.Core.Engine;
using Xunit;

namespace PruneBench.Core.Tests.Analysis;

public class ScoreDensityTests
{
    [Fact]
    public void Density_is_the_fraction_of_top_tokens_holding_the_mass_share()
    {
        // Sorted: 5, 3, 1, 1 of 10 → 50% of the mass needs 1 token, 80% needs 2, 90% needs 3.
        float[] scores = [1f, 5f, 1f, 3f];
        Assert.Equal(0.25, ScoreDensity.Of(scores, 0.5));
        Assert.Equal(0.50, ScoreDensity.Of(scores, 0.8));
        Assert.Equal(0.75, ScoreDensity.Of(scores, 0.9));
        Assert.Equal(1.00, ScoreDensity.Of(scores, 1.0));
    }

    [Fact]
    public void Uniform_scores_are_fully_dense_and_absent_tokens_are_skipped()
    {
        float[] scores = [1, 1, float.NaN, 1, 1];
        Assert.Equal(0.5, ScoreDensity.Of(scores, 0.5));
        Assert.Equal(1.0, ScoreDensity.Of(scores, 0.9));
    }

    [Fact]
    public void Per_layer_density_is_NaN_where_a_layer_has_no_signal()
    {
        var trace = new ReductionTrace([[0, 1], [0, 1]], [[1f, 0f], null], 2);
        var density = ScoreDensity.PerLayer(trace, 0.5);
        Assert.Equal(0.5, density[0]);
        Assert.True(double.IsNaN(density[1]));
    }

    [Fact]
    public void Threshold_outside_unit_interval_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ScoreDensity.Of([1f], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ScoreDensity.Of([1f], 1.5));
    }
}
