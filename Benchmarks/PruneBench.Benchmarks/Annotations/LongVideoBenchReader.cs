namespace PruneBench.Benchmarks.Annotations;

/// <summary>
/// LongVideoBench (longvideobench/LongVideoBench, <c>lvb_val.json</c>): a list of {video_id, question, candidates […],
/// correct_choice (option index), duration_group (15, 60, 600 or 3600), duration (seconds), question_category,
/// video_path, id, …}. Videos: <c>&lt;videos&gt;/&lt;video_path&gt;</c>. The duration bucket follows duration_group:
/// up to 60 short, 600 medium, 3600 long.
/// </summary>
public sealed class LongVideoBenchReader : IAnnotationReader
{
    /// <inheritdoc />
    public string Benchmark => "longvideobench";

    /// <inheritdoc />
    public string Sampling => "uniform over the whole video; 32 frames (64 for the 3600 s group), without interleaved subtitles";

    /// <inheritdoc />
    public string IdOf(AnnotationRecord record) => record.StringOr("id", $"record {record.Number}");

    /// <inheritdoc />
    public VideoQuestion Read(AnnotationRecord record, AnnotationContext context)
    {
        var options = record.Strings("candidates");
        var answer = record.Int("correct_choice");
        if (answer < 0 || answer >= options.Count)
        {
            throw new AnnotationException($"field 'correct_choice' = {answer} is not an index of the {options.Count} candidates");
        }

        var group = record.Int("duration_group");
        return new VideoQuestion
        {
            Id = record.String("id"),
            Benchmark = Benchmark,
            Task = record.StringOr("question_category", Benchmark),
            Video = context.Video(record.String("video_path")),
            Question = record.String("question"),
            Options = options,
            Answer = answer,
            DurationSeconds = record.NumberOrNull("duration"),
            Duration = group <= 60 ? "short" : group <= 600 ? "medium" : "long",
        };
    }
}
