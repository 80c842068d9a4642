using PruneBench.Harness.Statistics;

namespace PruneBench.Harness.Separation;

/// <summary>A method setting against a reference (the baseline or random) on the samples both ran.</summary>
/// <param name="Pairs">The 2×2 table: first = the reference, second = the method.</param>
/// <param name="PValue">Two-sided exact McNemar (sign test on the discordant pairs).</param>
public sealed record PairedComparison(PairedOutcomes Pairs, double PValue)
{
    /// <summary>Samples only the method got right minus samples only the reference got right, over the paired samples.</summary>
    public double Difference => Pairs.Count == 0 ? 0 : (double)(Pairs.OnlySecondRight - Pairs.OnlyFirstRight) / Pairs.Count;

    /// <summary>The method is above the reference with p &lt; <paramref name="alpha"/>.</summary>
    public bool Above(double alpha) => Pairs.OnlySecondRight > Pairs.OnlyFirstRight && PValue < alpha;

    /// <summary>The method is below the reference with p &lt; <paramref name="alpha"/>.</summary>
    public bool Below(double alpha) => Pairs.OnlyFirstRight > Pairs.OnlySecondRight && PValue < alpha;

    /// <summary>Compares per-sample correctness maps (keys: slice and sample id).</summary>
    public static PairedComparison Of(IReadOnlyDictionary<string, bool> reference, IReadOnlyDictionary<string, bool> method)
    {
        var pairs = PairedOutcomes.Of(reference, method);
        return new PairedComparison(pairs, McNemarTest.PValue(pairs));
    }
}
