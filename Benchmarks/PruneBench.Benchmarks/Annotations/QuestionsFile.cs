using System.Text.Json;
using System.Text.Json.Serialization;

namespace PruneBench.Benchmarks.Annotations;

/// <summary>The normalised questions JSONL tools/export/export_pack.py reads: one <see cref="VideoQuestion"/> per line.</summary>
public static class QuestionsFile
{
    private static readonly JsonSerializerOptions Options = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>Writes <paramref name="questions"/> to <paramref name="path"/> (UTF-8, one JSON object a line).</summary>
    public static void Write(string path, IEnumerable<VideoQuestion> questions)
    {
        ArgumentNullException.ThrowIfNull(questions);
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder)
        {
            Directory.CreateDirectory(folder);
        }

        using var writer = new StreamWriter(path);
        foreach (var q in questions)
        {
            writer.WriteLine(JsonSerializer.Serialize(q, Options));
        }
    }
}
