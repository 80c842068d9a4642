using PruneBench.Benchmarks.Synthetic;
using Xunit;

namespace PruneBench.Benchmarks.Tests.Synthetic;

public sealed class SynthRandomTests
{
    [Fact]
    public void SplitMix64_matches_the_published_reference_stream()
    {
        // Reference values of SplitMix64 seeded with 0 (Vigna's splitmix64.c).
        var random = new SynthRandom(0);
        Assert.Equal(0xE220A8397B1DCDAFUL, random.NextUInt64());
        Assert.Equal(0x6E789E6AA1B965F4UL, random.NextUInt64());
        Assert.Equal(0x06C45D188009454FUL, random.NextUInt64());
    }

    [Fact]
    public void Bounded_integers_stay_in_range_and_cover_it()
    {
        var random = new SynthRandom(42);
        var seen = new bool[7];
        for (var i = 0; i < 1000; i++)
        {
            var x = random.NextInt(7);
            Assert.InRange(x, 0, 6);
            seen[x] = true;
        }

        Assert.All(seen, Assert.True);
    }

    [Fact]
    public void Gaussians_have_zero_mean_and_unit_variance()
    {
        var random = new SynthRandom(3);
        var values = Enumerable.Range(0, 20000).Select(_ => random.NextGaussian()).ToArray();
        var mean = values.Average();
        var variance = values.Select(v => (v - mean) * (v - mean)).Average();
        Assert.InRange(mean, -0.03, 0.03);
        Assert.InRange(variance, 0.95, 1.05);
    }
}
