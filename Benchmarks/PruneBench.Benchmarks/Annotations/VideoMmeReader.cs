namespace PruneBench.Benchmarks.Annotations;

/// <summary>
/// VideoMME (lmms-lab/Video-MME, <c>videomme/test-00000-of-00001.parquet</c>): per row video_id, duration
/// (short|medium|long), domain, sub_category, url, videoID (the video file's name), question_id, task_type,
/// question, options ["A. …", …], answer (a letter). Videos: <c>&lt;videos&gt;/&lt;videoID&gt;.mp4</c>.
/// </summary>
public sealed class VideoMmeReader : IAnnotationReader
{
    /// <inheritdoc />
    public string Benchmark => "videomme";

    /// <inheritdoc />
    public string Sampling => "uniform over the whole video; 32 frames (the VLMs' usual setting; 64 for long-video runs), without subtitles";

    /// <inheritdoc />
    public string IdOf(AnnotationRecord record) => record.StringOr("question_id", $"record {record.Number}");

    /// <inheritdoc />
    public VideoQuestion Read(AnnotationRecord record, AnnotationContext context)
    {
        var options = record.Strings("options").Select(OptionText.WithoutLetter).ToArray();
        return new VideoQuestion
        {
            Id = record.String("question_id"),
            Benchmark = Benchmark,
            Task = record.StringOr("task_type", Benchmark),
            Video = context.Video(record.String("videoID")),
            Question = record.String("question"),
            Options = options,
            Answer = OptionText.LetterIndex(record.String("answer"), options.Length, "answer"),
            Duration = record.String("duration") is var d && d is "short" or "medium" or "long"
                ? d : throw new AnnotationException($"field 'duration' = '{d}' is not short, medium or long"),
        };
    }
}
