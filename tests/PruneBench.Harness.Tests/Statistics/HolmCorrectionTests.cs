using PruneBench.Harness.Statistics;
using Xunit;

namespace PruneBench.Harness.Tests.Statistics;

public sealed class HolmCorrectionTests
{
    [Fact]
    public void P_values_are_scaled_by_their_step_made_monotone_and_capped()
    {
        // Sorted: 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 → max(0.06, 0.04) = 0.06.
        var adjusted = HolmCorrection.Adjust([0.01, 0.04, 0.03, 0.005]);

        Assert.Equal([0.03, 0.06, 0.06, 0.02], adjusted.Select(p => Math.Round(p, 12)));
        Assert.Equal([1.0, 1.0], HolmCorrection.Adjust([0.6, 0.7]));
    }
}
