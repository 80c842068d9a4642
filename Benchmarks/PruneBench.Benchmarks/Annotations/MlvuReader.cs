namespace PruneBench.Benchmarks.Annotations;

/// <summary>
/// MLVU (MLVU/MVLU dev set, <c>json/&lt;n&gt;_&lt;task&gt;.json</c>, e.g. 1_plotQA.json): a list of {video, duration
/// (seconds), question, candidates […], answer (the candidate's text), question_type}. Videos:
/// <c>&lt;videos&gt;/&lt;file stem&gt;/&lt;video&gt;</c> (the layout of MLVU's video/ folder) or directly under &lt;videos&gt;.
/// MLVU has no question ids: the id is &lt;file stem&gt;-&lt;record number&gt;.
/// </summary>
public sealed class MlvuReader : IAnnotationReader
{
    /// <inheritdoc />
    public string Benchmark => "mlvu";

    /// <inheritdoc />
    public string Sampling => "uniform over the whole video; 32 frames (MLVU's multiple-choice tasks, 3 min to 2 h)";

    /// <inheritdoc />
    public string IdOf(AnnotationRecord record) => $"record {record.Number}";

    /// <inheritdoc />
    public VideoQuestion Read(AnnotationRecord record, AnnotationContext context)
    {
        var options = record.Strings("candidates");
        var seconds = record.NumberOrNull("duration");
        return new VideoQuestion
        {
            Id = $"{context.FileStem}-{record.Number}",
            Benchmark = Benchmark,
            Task = record.StringOr("question_type", context.FileStem),
            Video = context.Video(record.String("video"), context.FileStem),
            Question = record.String("question"),
            Options = options,
            Answer = OptionText.TextIndex(record.String("answer"), options, "answer"),
            DurationSeconds = seconds,
            Duration = seconds is { } s ? DurationBuckets.Of(s) : null,
        };
    }
}
