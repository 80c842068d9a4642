namespace PruneBench.Harness.Separation;

/// <summary>The separation test on one (model, benchmark) at the criteria's budget.</summary>
/// <param name="Model">Model.</param>
/// <param name="Benchmark">Benchmark.</param>
/// <param name="BaselineCorrect">Baseline samples right.</param>
/// <param name="BaselineSamples">Baseline samples.</param>
/// <param name="Methods">Every method setting at the budget, best accuracy first.</param>
/// <param name="RandomBelowBaseline">Condition 1 holds.</param>
/// <param name="QueryAwareAboveRandom">Condition 2: the query-aware settings above random (empty when it fails).</param>
/// <param name="Spread">Best − worst accuracy among <paramref name="Methods"/>.</param>
/// <param name="SpreadHolds">Condition 3 holds.</param>
/// <param name="Problems">Why a condition could not be tested (no random run, no predictions), one line each.</param>
public sealed record SeparationVerdict(
    string Model,
    string Benchmark,
    int BaselineCorrect,
    int BaselineSamples,
    IReadOnlyList<MethodSeparation> Methods,
    bool RandomBelowBaseline,
    IReadOnlyList<string> QueryAwareAboveRandom,
    double Spread,
    bool SpreadHolds,
    IReadOnlyList<string> Problems)
{
    /// <summary>All three conditions hold.</summary>
    public bool Holds => RandomBelowBaseline && QueryAwareAboveRandom.Count > 0 && SpreadHolds;
}
