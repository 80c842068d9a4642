namespace PruneBench.Benchmarks.Packs;

/// <summary>A sample skipped because it failed validation (when the loader was asked to skip bad samples).</summary>
/// <param name="SampleId">The sample's id, or <c>line N</c> when the line had none.</param>
/// <param name="Line">1-based line in samples.jsonl.</param>
/// <param name="Reason">What was wrong.</param>
public sealed record PackRejection(string SampleId, int Line, string Reason);
