using PruneBench.Core.Engine;

namespace PruneBench.Core.Analysis;

/// <summary>
/// For synthetic benchmarks with known relevant visual tokens ("needles"): the fraction of them still
/// present entering each layer.
/// </summary>
public static class NeedleRecall
{
    /// <summary>[L] |needles ∩ survivors_ℓ| / |needles|.</summary>
    /// <param name="trace">Survivors per layer (original visual indices).</param>
    /// <param name="needles">Ground-truth relevant original visual indices (duplicates ignored).</param>
    /// <exception cref="ArgumentException">No needles given.</exception>
    public static double[] PerLayer(ReductionTrace trace, IReadOnlyCollection<int> needles)
    {
        var wanted = needles.ToHashSet();
        if (wanted.Count == 0)
        {
            throw new ArgumentException("Needle recall needs at least one ground-truth visual index.", nameof(needles));
        }

        return trace.Survivors.Select(s => s.Count(wanted.Contains) / (double)wanted.Count).ToArray();
    }
}
