namespace PruneBench.Core.Analysis;

/// <summary>Overlap of the top-k sets of two score vectors over the same tokens: |top_k(x) ∩ top_k(y)| / k.</summary>
public static class TopKOverlap
{
    /// <summary>Overlap in [0, 1]; ties rank the lower index first.</summary>
    /// <exception cref="ArgumentException">Lengths differ or k is outside 1..N.</exception>
    public static double Of(ReadOnlySpan<double> x, ReadOnlySpan<double> y, int k)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"Top-k overlap needs scores of the same tokens: {x.Length} vs {y.Length} values.");
        }

        if (k < 1 || k > x.Length)
        {
            throw new ArgumentException($"Top-k overlap: k = {k} is outside 1..{x.Length}.");
        }

        var top = Top(x, k).ToHashSet();
        return Top(y, k).Count(top.Contains) / (double)k;
    }

    private static int[] Top(ReadOnlySpan<double> scores, int k)
    {
        var s = scores.ToArray();
        return Enumerable.Range(0, s.Length).OrderByDescending(i => s[i]).ThenBy(i => i).Take(k).ToArray();
    }
}
