namespace PruneBench.Harness.Statistics;

/// <summary>
/// Holm's step-down adjustment (Holm 1979) of m p-values tested together: sort ascending, multiply the i-th smallest
/// (0-based) by m − i, make the sequence non-decreasing, cap at 1. Rejecting adjusted p &lt; α keeps the chance of any
/// false "significant" at most α, without assuming independence — used for the pairwise method comparisons of one
/// budget, where there are many pairs.
/// </summary>
public static class HolmCorrection
{
    /// <summary>Adjusted p-values, in the order of <paramref name="pValues"/>.</summary>
    public static IReadOnlyList<double> Adjust(IReadOnlyList<double> pValues)
    {
        var m = pValues.Count;
        var order = Enumerable.Range(0, m).OrderBy(i => pValues[i]).ToArray();
        var adjusted = new double[m];
        var running = 0.0;
        for (var rank = 0; rank < m; rank++)
        {
            running = Math.Max(running, Math.Min(1, (m - rank) * pValues[order[rank]]));
            adjusted[order[rank]] = running;
        }

        return adjusted;
    }
}
