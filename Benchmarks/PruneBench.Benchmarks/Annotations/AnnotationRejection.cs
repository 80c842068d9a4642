namespace PruneBench.Benchmarks.Annotations;

/// <summary>A question left out because its record is bad.</summary>
/// <param name="File">The annotation file.</param>
/// <param name="Record">1-based record number in the file.</param>
/// <param name="Id">The question's id field, or <c>record N</c> when it has none.</param>
/// <param name="Reason">What was wrong, naming the field.</param>
public sealed record AnnotationRejection(string File, int Record, string Id, string Reason);
