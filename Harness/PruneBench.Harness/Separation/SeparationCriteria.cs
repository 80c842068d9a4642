namespace PruneBench.Harness.Separation;

/// <summary>
/// What "the leaderboard separates the methods" means (issue 15): at <see cref="Budget"/>, on each model,
/// (1) random is below the baseline with paired p &lt; <see cref="Alpha"/>; (2) at least one method of
/// <see cref="QueryAwareMethods"/> is above random with paired p &lt; <see cref="Alpha"/>; (3) the best and the
/// worst method setting differ by at least <see cref="MinSpread"/> in accuracy.
/// </summary>
/// <param name="Budget">Requested mean retention of the compared runs.</param>
/// <param name="Alpha">Significance level of the paired exact tests (two-sided p, direction checked separately).</param>
/// <param name="MinSpread">Smallest best − worst accuracy difference, as a fraction (0.10 = 10 points).</param>
/// <param name="QueryAwareMethods">Methods whose scores depend on the question (fastv: last-token attention; stateful, vas: suffix-text queries).</param>
/// <param name="RandomMethod">The random-selection control.</param>
public sealed record SeparationCriteria(
    double Budget = 0.25,
    double Alpha = 0.01,
    double MinSpread = 0.10,
    IReadOnlyList<string>? QueryAwareMethods = null,
    string RandomMethod = "random")
{
    /// <summary>The built-in query-aware methods.</summary>
    public static IReadOnlyList<string> BuiltinQueryAware { get; } = ["fastv", "stateful", "vas"];

    /// <summary><see cref="QueryAwareMethods"/>, or the built-in ones when not given.</summary>
    public IReadOnlyList<string> QueryAware => QueryAwareMethods ?? BuiltinQueryAware;
}
