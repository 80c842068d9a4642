namespace PruneBench.Harness.Results;

/// <summary>What runs of a slice need from its baseline: timing for speedup, predictions for agreement.</summary>
/// <param name="PrefillMsMean">Baseline mean prefill time, or null when the baseline did not finish.</param>
/// <param name="Predictions">Baseline prediction per sample id.</param>
public sealed record BaselineReference(double? PrefillMsMean, IReadOnlyDictionary<string, int> Predictions);
