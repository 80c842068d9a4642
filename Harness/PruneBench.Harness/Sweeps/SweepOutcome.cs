namespace PruneBench.Harness.Sweeps;

/// <summary>Result of <see cref="SweepService.Run"/>.</summary>
/// <param name="Summary">Counts.</param>
/// <param name="ResultsPath">The results CSV.</param>
public sealed record SweepOutcome(SweepSummary Summary, string ResultsPath);
