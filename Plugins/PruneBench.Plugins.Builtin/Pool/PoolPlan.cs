using PruneBench.Abstractions.Decisions;

namespace PruneBench.Plugins.Builtin.Pool;

/// <summary>
/// Average pooling as a merge plan: each group (a frame, or a patch position across frames) is cut into
/// contiguous runs of near-equal length; the first token of a run is the target, the others merge into it
/// (the engine forms the size-weighted average, so pooled tokens carry their size).
/// </summary>
internal static class PoolPlan
{
    /// <param name="groups">Members of each group as current visual indices, in pooling order.</param>
    /// <param name="keepCount">Tokens left after pooling, distributed over groups in proportion to their size.</param>
    public static ReductionDecision Build(IReadOnlyList<List<int>> groups, int keepCount)
    {
        var runs = Apportion(groups.Select(g => g.Count).ToArray(), keepCount);
        var pairs = new List<(int Source, int Target)>();
        for (var g = 0; g < groups.Count; g++)
        {
            var members = groups[g];
            var count = runs[g];
            for (var run = 0; run < count; run++)
            {
                // Run boundaries ⌊run·s/c⌋ give lengths that differ by at most one.
                var begin = (int)((long)run * members.Count / count);
                var end = (int)((long)(run + 1) * members.Count / count);
                for (var i = begin + 1; i < end; i++)
                {
                    pairs.Add((members[i], members[begin]));
                }
            }
        }

        if (pairs.Count == 0)
        {
            return ReductionDecision.None;
        }

        pairs.Sort((a, b) => a.Source.CompareTo(b.Source));
        return ReductionDecision.Merge(pairs.Select(p => p.Source).ToArray(), pairs.Select(p => p.Target).ToArray());
    }

    /// <summary>
    /// Largest-remainder split of <paramref name="total"/> runs over groups ∝ size, each in [1, size]: every
    /// group keeps at least one token because pooling never crosses a group.
    /// </summary>
    internal static int[] Apportion(int[] sizes, int total)
    {
        var all = sizes.Sum();
        var quota = sizes.Select(s => (double)total * s / all).ToArray();
        var counts = quota.Select(q => (int)Math.Floor(q)).ToArray();
        var left = total - counts.Sum();
        foreach (var g in Enumerable.Range(0, sizes.Length).OrderByDescending(g => quota[g] - counts[g]).ThenBy(g => g).Take(left))
        {
            counts[g]++;
        }

        for (var g = 0; g < sizes.Length; g++)
        {
            counts[g] = Math.Clamp(counts[g], Math.Min(1, sizes[g]), sizes[g]);
        }

        return counts;
    }
}
