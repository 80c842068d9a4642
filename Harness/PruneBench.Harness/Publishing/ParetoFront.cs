namespace PruneBench.Harness.Publishing;

/// <summary>Which points of a plot no other point dominates (both coordinates: higher is better).</summary>
public static class ParetoFront
{
    /// <summary>
    /// Indices of the points not dominated in both coordinates (higher x and higher y are better; a point
    /// dominates another when it is at least as good in both and better in one), sorted by x.
    /// </summary>
    public static IReadOnlyList<int> Of(IReadOnlyList<(double X, double Y)> points) =>
        Enumerable.Range(0, points.Count)
            .Where(i => !points.Any(o => o.X >= points[i].X && o.Y >= points[i].Y && (o.X > points[i].X || o.Y > points[i].Y)))
            .OrderBy(i => points[i].X)
            .ToArray();
}
