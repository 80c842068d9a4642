using PruneBench.Core.Engine;

namespace PruneBench.Core.Analysis;

/// <summary>
/// Kendall τ_b and top-k overlap between the score rankings of layers, computed over the tokens that both
/// layers scored (after pruning, later layers score only survivors).
/// </summary>
public static class ScoreStability
{
    /// <summary>One row per layer that has a score, in layer order.</summary>
    /// <param name="trace">Recorded per-layer scores indexed by original visual token (NaN = absent).</param>
    /// <param name="topFraction">k of the top-k overlap as a fraction of the common tokens, in (0, 1].</param>
    public static IReadOnlyList<LayerStability> Compute(ReductionTrace trace, double topFraction = 0.1)
    {
        if (!(topFraction > 0 && topFraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(topFraction), topFraction, "Top-k fraction must be in (0, 1].");
        }

        var scored = Enumerable.Range(0, trace.Scores.Length).Where(l => trace.Scores[l] is not null).ToList();
        var rows = new List<LayerStability>();
        for (var i = 0; i < scored.Count; i++)
        {
            var layer = trace.Scores[scored[i]]!;
            var previous = i > 0 ? trace.Scores[scored[i - 1]] : null;
            var last = trace.Scores[scored[^1]]!;
            rows.Add(new LayerStability(
                scored[i],
                previous is null ? double.NaN : Tau(layer, previous),
                Tau(layer, last),
                previous is null ? double.NaN : Overlap(layer, previous, topFraction)));
        }

        return rows;
    }

    private static double Tau(float[] a, float[] b)
    {
        var (x, y) = Common(a, b);
        return x.Length < 2 ? double.NaN : KendallTau.TauB(x, y);
    }

    private static double Overlap(float[] a, float[] b, double topFraction)
    {
        var (x, y) = Common(a, b);
        return x.Length == 0 ? double.NaN : TopKOverlap.Of(x, y, Math.Max(1, (int)Math.Round(topFraction * x.Length)));
    }

    /// <summary>Scores of the tokens present (non-NaN) in both layers, paired.</summary>
    private static (double[] X, double[] Y) Common(float[] a, float[] b)
    {
        var both = Enumerable.Range(0, Math.Min(a.Length, b.Length)).Where(j => !float.IsNaN(a[j]) && !float.IsNaN(b[j])).ToArray();
        return (both.Select(j => (double)a[j]).ToArray(), both.Select(j => (double)b[j]).ToArray());
    }
}
