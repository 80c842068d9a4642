namespace PruneBench.Benchmarks.Annotations;

/// <summary>The questions read from a benchmark's annotation files.</summary>
/// <param name="Benchmark">Benchmark name.</param>
/// <param name="Questions">Valid questions, in file order.</param>
/// <param name="Rejected">Bad records (empty unless read with skip-bad).</param>
/// <param name="Unanswered">Records without a public answer, left out (EgoSchema outside its 500-question subset).</param>
public sealed record AnnotationSet(string Benchmark, IReadOnlyList<VideoQuestion> Questions, IReadOnlyList<AnnotationRejection> Rejected, int Unanswered);
