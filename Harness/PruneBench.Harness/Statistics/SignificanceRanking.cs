namespace PruneBench.Harness.Statistics;

/// <summary>
/// Ranks that tie what a test cannot tell apart: rank(i) = 1 + the number of competitors whose accuracy is higher
/// than i's <em>and</em> significantly so. Methods whose differences are noise share rank 1; a method ranks below
/// another only when the data show it. Ranks need not be consecutive (1, 1, 3).
/// </summary>
public static class SignificanceRanking
{
    /// <summary>Ranks of <paramref name="accuracies"/>; <paramref name="significant"/>(i, j) says whether i and j differ significantly.</summary>
    public static IReadOnlyList<int> Ranks(IReadOnlyList<double> accuracies, Func<int, int, bool> significant) =>
        Enumerable.Range(0, accuracies.Count)
            .Select(i => 1 + Enumerable.Range(0, accuracies.Count).Count(j => accuracies[j] > accuracies[i] && significant(i, j)))
            .ToArray();
}
