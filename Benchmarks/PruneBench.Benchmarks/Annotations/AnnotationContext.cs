namespace PruneBench.Benchmarks.Annotations;

/// <summary>Where a reader finds what a record refers to.</summary>
/// <param name="AnnotationsFile">The file being read (MLVU and MVBench name the task after it).</param>
/// <param name="VideosDirectory">Folder holding the benchmark's videos.</param>
/// <param name="Answers">Answers kept apart from the questions (EgoSchema's subset_answers.json: q_uid → option index), or null.</param>
public sealed record AnnotationContext(string AnnotationsFile, string VideosDirectory, IReadOnlyDictionary<string, int>? Answers)
{
    private static readonly string[] Extensions = ["", ".mp4", ".mkv", ".webm", ".avi", ".mov"];

    /// <summary>The annotation file's name without extension (MVBench: the task, e.g. action_sequence).</summary>
    public string FileStem => Path.GetFileNameWithoutExtension(AnnotationsFile);

    /// <summary>
    /// The video file <paramref name="name"/> under the videos folder, directly or in one of <paramref name="subfolders"/>,
    /// with or without a video extension.
    /// </summary>
    /// <exception cref="AnnotationException">No such file.</exception>
    public string Video(string name, params string[] subfolders)
    {
        foreach (var folder in subfolders.Prepend(""))
        {
            foreach (var extension in Extensions)
            {
                var path = Path.Combine(VideosDirectory, folder, name + extension);
                if (File.Exists(path))
                {
                    return path;
                }
            }
        }

        throw new AnnotationException($"video '{name}' not found under {VideosDirectory}{(subfolders.Length > 0 ? $" (or its {string.Join(", ", subfolders)} folder)" : "")}");
    }
}
