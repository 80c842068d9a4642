namespace PruneBench.Benchmarks.Annotations;

/// <summary>
/// MVBench (OpenGVLab/MVBench, <c>json/&lt;task&gt;.json</c>, e.g. action_sequence.json): a list of {video, question,
/// candidates […], answer (the candidate's text)}, plus start and end (seconds) for the tasks whose question is about
/// a segment (the STAR-based ones). The task is the file's stem; the videos folder is that task's folder (MVBench
/// keeps each task's clips in its source dataset's folder, e.g. star/Charades_v1_480 for action_sequence).
/// </summary>
public sealed class MvBenchReader : IAnnotationReader
{
    /// <inheritdoc />
    public string Benchmark => "mvbench";

    /// <inheritdoc />
    public string Sampling => "16 frames uniform over [start, end] when the record has bounds, else over the clip (MVBench's protocol)";

    /// <inheritdoc />
    public string IdOf(AnnotationRecord record) => $"record {record.Number}";

    /// <inheritdoc />
    public VideoQuestion Read(AnnotationRecord record, AnnotationContext context)
    {
        var options = record.Strings("candidates");
        var (start, end) = (record.NumberOrNull("start"), record.NumberOrNull("end"));
        if (start is { } s && end is { } e && e <= s)
        {
            throw new AnnotationException($"fields 'start' = {s} and 'end' = {e} do not bound a segment");
        }

        return new VideoQuestion
        {
            Id = $"{context.FileStem}-{record.Number}",
            Benchmark = Benchmark,
            Task = context.FileStem,
            Video = context.Video(record.String("video")),
            Question = record.String("question"),
            Options = options,
            Answer = OptionText.TextIndex(record.String("answer"), options, "answer"),
            Duration = "short",
            StartSeconds = start,
            EndSeconds = end,
        };
    }
}
