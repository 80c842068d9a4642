namespace PruneBench.Harness.Statistics;

/// <summary>
/// The exact McNemar test of two classifiers on the same samples: under "equal accuracy" each discordant sample
/// (right under one, wrong under the other) is equally likely to favour either, so the smaller discordant count is
/// Binomial(b + c, ½). Two-sided p = min(1, 2·P(X ≤ min(b, c))). Concordant samples carry no information.
/// Exact rather than the χ² approximation because reduced methods often disagree with the baseline on a handful of
/// samples only.
/// </summary>
public static class McNemarTest
{
    /// <summary>Two-sided exact p-value for <paramref name="onlyFirstRight"/> (b) and <paramref name="onlySecondRight"/> (c) discordant samples.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative.</exception>
    public static double PValue(int onlyFirstRight, int onlySecondRight)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(onlyFirstRight);
        ArgumentOutOfRangeException.ThrowIfNegative(onlySecondRight);
        var n = onlyFirstRight + onlySecondRight;
        if (n == 0)
        {
            return 1;
        }

        return Math.Min(1, 2 * BinomialHalfCdf(Math.Min(onlyFirstRight, onlySecondRight), n));
    }

    /// <summary>The test on paired outcomes: b = first right only, c = second right only.</summary>
    public static double PValue(PairedOutcomes pairs) => PValue(pairs.OnlyFirstRight, pairs.OnlySecondRight);

    /// <summary>P(X ≤ k) for X ~ Binomial(n, ½), summed in log space (½ⁿ underflows past n ≈ 1074).</summary>
    private static double BinomialHalfCdf(int k, int n)
    {
        var logTerm = -n * Math.Log(2); // log P(X = 0)
        var logSum = logTerm;
        for (var i = 0; i < k; i++)
        {
            // P(X = i + 1) = P(X = i)·(n − i)/(i + 1)
            logTerm += Math.Log(n - i) - Math.Log(i + 1);
            var high = Math.Max(logSum, logTerm);
            logSum = high + Math.Log(Math.Exp(logSum - high) + Math.Exp(logTerm - high));
        }

        return Math.Min(1, Math.Exp(logSum));
    }
}
