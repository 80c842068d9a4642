using PruneBench.Core.Analysis;
using PruneBench.Core.Engine;
using Xunit;

namespace PruneBench.Core.Tests.Analysis;

public class ScoreStabilityTests
{
    [Fact]
    public void Stability_compares_scored_layers_over_tokens_present_in_both()
    {
        var n = float.NaN;
        var trace = new ReductionTrace(
            [[0, 1, 2, 3], [0, 1, 2, 3], [0, 2, 3]],
            [
                [4f, 3f, 2f, 1f],
                null,
                [1f, n, 2f, 3f],
            ],
            4);

        var rows = ScoreStability.Compute(trace, topFraction: 0.34);

        Assert.Equal([0, 2], rows.Select(r => r.Layer));
        Assert.True(double.IsNaN(rows[0].TauToPrevious));
        // Layer 0 vs 2 over tokens 0, 2, 3: (4, 2, 1) vs (1, 2, 3) is fully reversed.
        Assert.Equal(-1.0, rows[0].TauToLast, 12);
        Assert.Equal(-1.0, rows[1].TauToPrevious, 12);
        Assert.Equal(1.0, rows[1].TauToLast, 12);
        Assert.Equal(0.0, rows[1].TopKToPrevious);
    }
}
