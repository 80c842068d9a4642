using PruneBench.Harness.Statistics;
using Xunit;

namespace PruneBench.Harness.Tests.Statistics;

public sealed class McNemarTestTests
{
    [Theory]
    // Hand-computed: p = 2·Σ_{i ≤ min(b,c)} C(b+c, i) / 2^(b+c), capped at 1.
    [InlineData(1, 9, 22.0 / 1024)]                 // 2·(1 + 10)/1024
    [InlineData(9, 1, 22.0 / 1024)]                 // symmetric
    [InlineData(2, 8, 112.0 / 1024)]                // 2·(1 + 10 + 45)/1024
    [InlineData(0, 6, 2.0 / 64)]                    // 2·1/64
    [InlineData(0, 1, 1.0)]                         // 2·½ → 1
    [InlineData(5, 5, 1.0)]
    [InlineData(0, 0, 1.0)]                         // no discordant sample: no evidence
    [InlineData(3, 17, 2.0 * 1351 / 1048576)]       // 2·(1 + 20 + 190 + 1140)/2^20
    public void The_p_value_is_the_two_sided_exact_binomial_tail(int b, int c, double expected)
    {
        Assert.Equal(expected, McNemarTest.PValue(b, c), 12);
    }

    [Fact]
    public void Thousands_of_discordant_samples_do_not_underflow()
    {
        // 1000 vs 1200: a real difference, p tiny but positive; 1100 vs 1100: p = 1.
        Assert.InRange(McNemarTest.PValue(1000, 1200), 1e-6, 1e-4);
        Assert.Equal(1.0, McNemarTest.PValue(1100, 1100), 12);
    }

    [Fact]
    public void Paired_outcomes_count_only_samples_both_sides_ran()
    {
        var first = new Dictionary<string, bool> { ["a"] = true, ["b"] = true, ["c"] = false, ["d"] = false, ["only-first"] = true };
        var second = new Dictionary<string, bool> { ["a"] = true, ["b"] = false, ["c"] = true, ["d"] = false, ["only-second"] = false };

        Assert.Equal(new PairedOutcomes(1, 1, 1, 1), PairedOutcomes.Of(first, second));
    }
}
