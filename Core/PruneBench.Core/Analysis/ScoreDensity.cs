using PruneBench.Core.Engine;

namespace PruneBench.Core.Analysis;

/// <summary>
/// Layer-wise density of token importance (the paper's Figure 1, bottom): the fraction of tokens needed to
/// hold a share τ of the score mass. Low density = sparse importance.
/// </summary>
public static class ScoreDensity
{
    /// <summary>The thresholds the paper reports.</summary>
    public static IReadOnlyList<double> StandardThresholds { get; } = [0.5, 0.8, 0.9];

    /// <summary>
    /// Smallest k/N such that the k largest scores hold at least τ of the total. NaN entries (tokens no
    /// longer present) are skipped; negative scores count as zero mass. Returns NaN when no token is present
    /// or the mass is zero.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">τ outside (0, 1].</exception>
    public static double Of(ReadOnlySpan<float> scores, double tau)
    {
        if (!(tau > 0 && tau <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(tau), tau, "Density threshold τ must be in (0, 1].");
        }

        var present = new List<double>(scores.Length);
        foreach (var s in scores)
        {
            if (!float.IsNaN(s))
            {
                present.Add(Math.Max(0, s));
            }
        }

        var total = present.Sum();
        if (present.Count == 0 || !(total > 0))
        {
            return double.NaN;
        }

        present.Sort((a, b) => b.CompareTo(a));
        double held = 0;
        for (var k = 0; k < present.Count; k++)
        {
            held += present[k];
            // Relative slack so that τ = 1 is reached despite summation rounding.
            if (held >= tau * total * (1 - 1e-12))
            {
                return (k + 1.0) / present.Count;
            }
        }

        return 1;
    }

    /// <summary>[L] density of each layer's recorded score; NaN for layers without a signal.</summary>
    public static double[] PerLayer(ReductionTrace trace, double tau) =>
        trace.Scores.Select(s => s is null ? double.NaN : Of(s, tau)).ToArray();
}
