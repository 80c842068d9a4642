using System.Text.Json.Serialization;

namespace PruneBench.Benchmarks.Annotations;

/// <summary>
/// One multiple-choice video question in the normalised form every benchmark reader produces: one line of the
/// questions JSONL that tools/export/export_pack.py consumes (<c>prunebench pack questions</c> writes it).
/// </summary>
public sealed record VideoQuestion
{
    /// <summary>Sample id, unique in the benchmark and safe as a file name (letters, digits, '.', '_', '-').</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>videomme, mlvu, longvideobench, egoschema or mvbench.</summary>
    [JsonPropertyName("benchmark")]
    public required string Benchmark { get; init; }

    /// <summary>The benchmark's task or category (results are broken down by it).</summary>
    [JsonPropertyName("task")]
    public required string Task { get; init; }

    /// <summary>The video file, relative to the benchmark's videos folder (checked to exist when the question was read).</summary>
    [JsonPropertyName("video")]
    public required string Video { get; init; }

    /// <summary>Question text.</summary>
    [JsonPropertyName("question")]
    public required string Question { get; init; }

    /// <summary>Option texts in order, without letters (the exporter writes "A. …").</summary>
    [JsonPropertyName("options")]
    public required IReadOnlyList<string> Options { get; init; }

    /// <summary>Index of the correct option.</summary>
    [JsonPropertyName("answer")]
    public required int Answer { get; init; }

    /// <summary>Video length in seconds when the annotation gives it.</summary>
    [JsonPropertyName("duration_s")]
    public double? DurationSeconds { get; init; }

    /// <summary>short, medium or long (the benchmark's own bucket, else <see cref="DurationBuckets"/> of the length).</summary>
    [JsonPropertyName("duration")]
    public string? Duration { get; init; }

    /// <summary>Start of the questioned segment in seconds (MVBench tasks with bounds); frames are sampled inside it.</summary>
    [JsonPropertyName("start_s")]
    public double? StartSeconds { get; init; }

    /// <summary>End of the questioned segment in seconds.</summary>
    [JsonPropertyName("end_s")]
    public double? EndSeconds { get; init; }
}
