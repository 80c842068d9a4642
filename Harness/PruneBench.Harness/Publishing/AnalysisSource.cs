using PruneBench.Harness.Analysis;

namespace PruneBench.Harness.Publishing;

/// <summary>One analysis.csv given to <c>publish</c>, with the analysis.json beside it when there is one.</summary>
/// <param name="Path">The CSV.</param>
/// <param name="Rows">Its rows.</param>
/// <param name="Manifest">Its analysis.json, or null.</param>
public sealed record AnalysisSource(string Path, IReadOnlyList<LayerAnalysisRow> Rows, AnalysisManifest? Manifest);
