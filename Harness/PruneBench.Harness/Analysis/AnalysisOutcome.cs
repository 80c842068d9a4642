namespace PruneBench.Harness.Analysis;

/// <summary>What <c>prunebench analyze</c> produced.</summary>
/// <param name="Rows">Rows written to analysis.csv (settings that ran).</param>
/// <param name="Skipped">"setting: reason" of settings the model cannot realise.</param>
/// <param name="Failed">"setting: exception" of settings whose run threw.</param>
public sealed record AnalysisOutcome(IReadOnlyList<LayerAnalysisRow> Rows, IReadOnlyList<string> Skipped, IReadOnlyList<string> Failed);
