using PruneBench.Harness.Results;

namespace PruneBench.Harness.Publishing;

/// <summary>One results CSV given to <c>publish</c>, with the sweep.json beside it when there is one.</summary>
/// <param name="Path">The CSV.</param>
/// <param name="Rows">Its rows.</param>
/// <param name="Provenance">Its folder's sweep.json, or null.</param>
public sealed record ResultsSource(string Path, IReadOnlyList<ResultRow> Rows, SweepProvenance? Provenance);
