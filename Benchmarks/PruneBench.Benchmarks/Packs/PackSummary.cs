namespace PruneBench.Benchmarks.Packs;

/// <summary>What a validated pack holds, for <c>prunebench pack check</c>: counts per frame grid, task and duration.</summary>
/// <param name="Samples">Valid samples.</param>
/// <param name="Rejected">Samples that failed validation.</param>
/// <param name="Grids">Samples per "frames × tokens_per_frame", e.g. "32 × 196".</param>
/// <param name="Tasks">Samples per task.</param>
/// <param name="Durations">Samples per duration bucket ("none" when absent).</param>
/// <param name="PositionAxes">Samples per position-id layout: "1-D" (none given or one axis) or "M-RoPE (3 axes)".</param>
/// <param name="WithTextEmbeddingRows">Samples carrying given text-row embeddings (e.g. LLaVA-OneVision's newline).</param>
public sealed record PackSummary(
    int Samples,
    int Rejected,
    IReadOnlyDictionary<string, int> Grids,
    IReadOnlyDictionary<string, int> Tasks,
    IReadOnlyDictionary<string, int> Durations,
    IReadOnlyDictionary<string, int> PositionAxes,
    int WithTextEmbeddingRows)
{
    /// <summary>Summarises <paramref name="pack"/>; every dictionary is ordered by descending count, then key.</summary>
    public static PackSummary Of(SamplePack pack)
    {
        ArgumentNullException.ThrowIfNull(pack);
        var records = pack.Samples.Select(s => s.Record).ToArray();
        return new PackSummary(
            records.Length,
            pack.Rejected.Count,
            Count(records, r => $"{r.Frames} × {r.TokensPerFrame}"),
            Count(records, r => r.Task),
            Count(records, r => r.Duration ?? "none"),
            Count(records, r => r.PositionIds is { Length: > 1 } axes ? $"M-RoPE ({axes.Length} axes)" : "1-D"),
            records.Count(r => r.TextEmbeddingRows is { Length: > 0 }));
    }

    private static Dictionary<string, int> Count(IEnumerable<PackSampleRecord> records, Func<PackSampleRecord, string> key) =>
        records.GroupBy(key).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());
}
