namespace PruneBench.Harness.Statistics;

/// <summary>
/// The Pareto frontier of accuracy against cost, with cost measured twice — mean retention (lower is better) and
/// speedup (higher is better) — and differences below a tolerance treated as equal, so a retention difference of
/// 1/4096 or timing noise does not move a point off the frontier. A point is on the frontier unless another is at
/// least as accurate, not worse beyond tolerance in either cost, and better in accuracy or beyond tolerance in a cost.
/// </summary>
public static class ParetoFrontier
{
    /// <summary>Retention differences up to this (absolute) are ties: half a percentage point of the visual tokens.</summary>
    public const double RetentionTolerance = 0.005;

    /// <summary>Speedup ratios within this relative band are ties (5 %: run-to-run timing noise on a shared machine).</summary>
    public const double SpeedupTolerance = 0.05;

    /// <summary>For each point, whether it is on the frontier.</summary>
    public static IReadOnlyList<bool> OnFrontier(IReadOnlyList<ParetoPoint> points) =>
        points.Select((p, i) => !points.Where((_, j) => j != i).Any(o => Dominates(o, p))).ToArray();

    /// <summary>True when <paramref name="o"/> dominates <paramref name="p"/> under the tolerances.</summary>
    public static bool Dominates(ParetoPoint o, ParetoPoint p)
    {
        var speeds = o.Speedup is { } so && p.Speedup is { } sp ? (so, sp) : ((double, double)?)null;
        var notWorse = o.Accuracy >= p.Accuracy
                       && o.Retention <= p.Retention + RetentionTolerance
                       && (speeds is not var (a, b) || a >= b * (1 - SpeedupTolerance));
        var better = o.Accuracy > p.Accuracy
                     || o.Retention < p.Retention - RetentionTolerance
                     || (speeds is var (x, y) && x > y * (1 + SpeedupTolerance));
        return notWorse && better;
    }
}
