namespace PruneBench.Harness.Evaluation;

/// <summary>What executing one configuration produced, before it becomes a results row.</summary>
/// <param name="ModelFamily">transformer or hybrid.</param>
/// <param name="MethodParams">The method's resolved canonical parameters (empty for the baseline).</param>
/// <param name="ReduceLayers">Layers where it reduced (empty for the baseline).</param>
/// <param name="MeasuresAccuracy">False for speed-only benchmarks: accuracy columns stay empty.</param>
/// <param name="Samples">Per-sample outcomes, in sample order.</param>
public sealed record RunMeasurement(
    string ModelFamily,
    string MethodParams,
    string ReduceLayers,
    bool MeasuresAccuracy,
    IReadOnlyList<SampleOutcome> Samples);
