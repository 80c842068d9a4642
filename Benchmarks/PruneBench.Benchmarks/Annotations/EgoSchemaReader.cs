namespace PruneBench.Benchmarks.Annotations;

/// <summary>
/// EgoSchema (egoschema/EgoSchema, <c>questions.json</c>): a list of {q_uid, google_drive_id, question, "option 0" …
/// "option 4"}; the public answers are <c>subset_answers.json</c> ({q_uid: option index}, the 500-question subset),
/// passed as the answers file. Questions without a public answer are counted and left out. Videos:
/// <c>&lt;videos&gt;/&lt;q_uid&gt;.mp4</c>, 3-minute clips (duration 180 s).
/// </summary>
public sealed class EgoSchemaReader : IAnnotationReader
{
    private const double ClipSeconds = 180;

    /// <inheritdoc />
    public string Benchmark => "egoschema";

    /// <inheritdoc />
    public string Sampling => "uniform over the 3-minute clip; 32 frames";

    /// <inheritdoc />
    public string IdOf(AnnotationRecord record) => record.StringOr("q_uid", $"record {record.Number}");

    /// <inheritdoc />
    public VideoQuestion? Read(AnnotationRecord record, AnnotationContext context)
    {
        var id = record.String("q_uid");
        var options = Enumerable.Range(0, 5).Select(i => record.String($"option {i}")).ToArray();
        int answer;
        if (context.Answers is { } answers && answers.TryGetValue(id, out var given))
        {
            answer = given;
        }
        else if (record.Has("answer"))
        {
            answer = record.Int("answer");
        }
        else
        {
            return null;
        }

        if (answer < 0 || answer >= options.Length)
        {
            throw new AnnotationException($"answer {answer} is not an index of the 5 options");
        }

        return new VideoQuestion
        {
            Id = id,
            Benchmark = Benchmark,
            Task = Benchmark,
            Video = context.Video(id),
            Question = record.String("question"),
            Options = options,
            Answer = answer,
            DurationSeconds = ClipSeconds,
            Duration = DurationBuckets.Of(ClipSeconds),
        };
    }
}
