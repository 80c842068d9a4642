using System.Globalization;
using PruneBench.Harness.Runs;
using PruneBench.Harness.Usage;

namespace PruneBench.Harness.Sweeps;

/// <summary>
/// One of N disjoint parts of a grid, for one worker per GPU or an array job of a scheduler (Slurm job arrays,
/// Kubernetes indexed jobs): shard K takes every slice whose index modulo N is K. Whole slices go to one
/// shard so each keeps its baseline; <c>prunebench merge</c> then joins the shards' folders.
/// </summary>
/// <param name="Index">K, in [0, N).</param>
/// <param name="Count">N ≥ 1.</param>
public sealed record SweepShard(int Index, int Count)
{
    /// <summary>The whole grid.</summary>
    public static SweepShard All { get; } = new(0, 1);

    /// <summary>Parses "K/N".</summary>
    /// <exception cref="UsageException">Not K/N with 0 ≤ K &lt; N.</exception>
    public static SweepShard Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var k)
            && int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
            && n >= 1 && k >= 0 && k < n)
        {
            return new SweepShard(k, n);
        }

        throw new UsageException($"--shard '{text}' is not K/N with 0 ≤ K < N (e.g. 0/4 for the first of four workers).");
    }

    /// <summary>The runs of this shard, in grid order.</summary>
    public IReadOnlyList<RunConfiguration> Select(IReadOnlyList<RunConfiguration> runs)
    {
        if (Count == 1)
        {
            return runs;
        }

        var slices = new Dictionary<string, int>(StringComparer.Ordinal);
        return runs.Where(r =>
        {
            var slice = r.Baseline.RunId;
            if (!slices.TryGetValue(slice, out var index))
            {
                slices[slice] = index = slices.Count;
            }

            return index % Count == Index;
        }).ToArray();
    }
}
