using PruneBench.Abstractions.Decisions;
using PruneBench.Abstractions.Model;
using PruneBench.Abstractions.Tokens;
using PruneBench.Plugins.Builtin.Pool;
using PruneBench.Plugins.Tests.TestSupport;
using Xunit;

namespace PruneBench.Plugins.Tests.Pool;

public class PoolReducerTests
{
    // [1 text][2 frames × 4 tokens][1 text] for spatial, [4 frames × 2 tokens] for temporal.
    private static ReductionDecision Decide(SampleLayout layout, PoolAxis axis)
    {
        var tokens = DecisionDriver.InitialTokens(layout);
        var reducer = new PoolReducer(-1, layout.VisualCount / 2, axis, layout.TokensPerFrame);
        var observation = new PruneBench.Abstractions.Signals.LayerObservation
        {
            Layer = -1, Kind = LayerKind.Attention, Tokens = tokens, VisualStart = layout.PrefixLength, VisualCount = layout.VisualCount,
        };
        return reducer.Decide(observation);
    }

    [Fact]
    public void Spatial_pooling_averages_adjacent_pairs_within_each_frame()
    {
        var decision = Decide(new SampleLayout(1, 2, 4, 1, 2, 2), PoolAxis.Spatial);
        Assert.Equal([1, 3, 5, 7], decision.Sources);
        Assert.Equal([0, 2, 4, 6], decision.Targets);
    }

    [Fact]
    public void Temporal_pooling_averages_the_same_position_in_adjacent_frames()
    {
        var decision = Decide(new SampleLayout(1, 4, 2, 1, 1, 2), PoolAxis.Temporal);
        Assert.Equal([2, 3, 6, 7], decision.Sources);
        Assert.Equal([0, 1, 4, 5], decision.Targets);
    }

    [Fact]
    public void Odd_counts_split_into_runs_that_differ_by_at_most_one()
    {
        Assert.Equal([2, 1, 1], PoolPlan.Apportion([4, 2, 2], 4));
        Assert.Equal([1, 1], PoolPlan.Apportion([3, 3], 1));
    }
}
