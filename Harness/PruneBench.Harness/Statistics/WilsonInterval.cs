namespace PruneBench.Harness.Statistics;

/// <summary>
/// The Wilson score interval of a binomial proportion (Wilson 1927; method 3 of Newcombe 1998, Stat. Med. 17:857):
/// the interval of p whose score test does not reject k successes in n trials. Unlike the Wald interval
/// p̂ ± z·√(p̂(1−p̂)/n) it stays inside [0, 1] and is not of zero width at 0 % or 100 %, which matters for accuracies
/// near 100 % on a few hundred samples.
/// </summary>
public static class WilsonInterval
{
    /// <summary>z of a two-sided 95 % interval: Φ⁻¹(0.975).</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>The interval of <paramref name="successes"/> in <paramref name="trials"/> at <paramref name="z"/> (default 95 %).</summary>
    /// <exception cref="ArgumentOutOfRangeException">trials &lt; 1, or successes outside [0, trials].</exception>
    public static Interval Of(int successes, int trials, double z = Z95)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trials, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, trials);
        double n = trials;
        var p = successes / n;
        var z2 = z * z;
        var denominator = 1 + (z2 / n);
        var centre = (p + (z2 / (2 * n))) / denominator;
        var half = z * Math.Sqrt((p * (1 - p) / n) + (z2 / (4 * n * n))) / denominator;
        // Exact ends: 0 successes give Low = 0, all successes High = 1 (the formula leaves rounding error there).
        return new Interval(successes == 0 ? 0 : Math.Max(0, centre - half), successes == trials ? 1 : Math.Min(1, centre + half));
    }
}
