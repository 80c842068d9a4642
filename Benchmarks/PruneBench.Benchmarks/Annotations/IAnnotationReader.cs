namespace PruneBench.Benchmarks.Annotations;

/// <summary>Turns one record of a benchmark's published annotation layout into a <see cref="VideoQuestion"/>.</summary>
public interface IAnnotationReader
{
    /// <summary>Benchmark name (videomme, mlvu, longvideobench, egoschema, mvbench).</summary>
    string Benchmark { get; }

    /// <summary>The frame-sampling protocol the pack should use for this benchmark (docs/real-models.md).</summary>
    string Sampling { get; }

    /// <summary>The record's id as the benchmark names it, for messages (<c>record N</c> when it has none).</summary>
    string IdOf(AnnotationRecord record);

    /// <summary>The question, or null when the record has no public answer (it is counted, not rejected).</summary>
    /// <exception cref="AnnotationException">A field is missing or wrong (the message names it).</exception>
    VideoQuestion? Read(AnnotationRecord record, AnnotationContext context);
}
