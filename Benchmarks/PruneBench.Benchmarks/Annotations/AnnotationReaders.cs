using System.Text.Json;

namespace PruneBench.Benchmarks.Annotations;

/// <summary>The benchmark annotation readers, and reading a benchmark's files into one <see cref="AnnotationSet"/>.</summary>
public static class AnnotationReaders
{
    /// <summary>Every reader.</summary>
    public static IReadOnlyList<IAnnotationReader> All { get; } =
        [new VideoMmeReader(), new MlvuReader(), new LongVideoBenchReader(), new EgoSchemaReader(), new MvBenchReader()];

    /// <summary>The reader of <paramref name="benchmark"/>.</summary>
    /// <exception cref="AnnotationException">Unknown benchmark (lists the known ones).</exception>
    public static IAnnotationReader Get(string benchmark) =>
        All.FirstOrDefault(r => string.Equals(r.Benchmark, benchmark, StringComparison.OrdinalIgnoreCase))
        ?? throw new AnnotationException($"Unknown benchmark '{benchmark}' (known: {string.Join(", ", All.Select(r => r.Benchmark))}).");

    /// <summary>
    /// Reads <paramref name="files"/> with <paramref name="reader"/>. A bad record throws naming file, record, id and
    /// field, or with <paramref name="skipBad"/> is listed in <see cref="AnnotationSet.Rejected"/> and the rest is kept.
    /// </summary>
    /// <param name="reader">The benchmark's reader.</param>
    /// <param name="files">Annotation files (MLVU and MVBench: one per task).</param>
    /// <param name="videos">The videos folder.</param>
    /// <param name="answersFile">EgoSchema's subset_answers.json, or null.</param>
    /// <param name="skipBad">Keep going past bad records.</param>
    /// <exception cref="AnnotationException">An unreadable file, or (unless skipping) a bad record.</exception>
    public static AnnotationSet Read(IAnnotationReader reader, IReadOnlyList<string> files, string videos, string? answersFile, bool skipBad)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(files);
        if (!Directory.Exists(videos))
        {
            throw new AnnotationException($"Videos folder '{videos}' does not exist.");
        }

        var answers = answersFile is null ? null : ReadAnswers(answersFile);
        var questions = new List<VideoQuestion>();
        var rejected = new List<AnnotationRejection>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var unanswered = 0;
        foreach (var file in files)
        {
            var context = new AnnotationContext(file, videos, answers);
            foreach (var record in AnnotationTable.Read(file))
            {
                try
                {
                    if (reader.Read(record, context) is not { } q)
                    {
                        unanswered++;
                        continue;
                    }

                    // Relative to the videos folder: the questions file travels to the GPU machine, where the exporter's --videos says where the folder is.
                    q = q with { Id = SafeId(q.Id), Video = Path.GetRelativePath(videos, q.Video) };
                    if (!seen.Add(q.Id))
                    {
                        throw new AnnotationException($"id '{q.Id}' appears twice");
                    }

                    questions.Add(q);
                }
                catch (AnnotationException e)
                {
                    var id = reader.IdOf(record);
                    if (!skipBad)
                    {
                        throw new AnnotationException($"{file} record {record.Number} ('{id}'): {e.Message}", e);
                    }

                    rejected.Add(new AnnotationRejection(file, record.Number, id, e.Message));
                }
            }
        }

        if (questions.Count == 0 && unanswered > 0)
        {
            throw new AnnotationException($"{reader.Benchmark}: none of the {unanswered} questions has a public answer (EgoSchema: pass its subset_answers.json as the answers file).");
        }

        return new AnnotationSet(reader.Benchmark, questions, rejected, unanswered);
    }

    /// <summary>Ids name feature files: anything but letters, digits, '.', '_', '-' becomes '_'.</summary>
    private static string SafeId(string id) =>
        new string(id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_').ToArray()).TrimStart('.');

    /// <summary>{id: option index} (EgoSchema's subset_answers.json).</summary>
    private static Dictionary<string, int> ReadAnswers(string path)
    {
        if (!File.Exists(path))
        {
            throw new AnnotationException($"{path}: answers file not found.");
        }

        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(path))
                ?? throw new AnnotationException($"{path}: expected a JSON object {{question id: option index}}.");
        }
        catch (JsonException e)
        {
            throw new AnnotationException($"{path}: expected a JSON object {{question id: option index}} ({e.Message}).", e);
        }
    }
}
