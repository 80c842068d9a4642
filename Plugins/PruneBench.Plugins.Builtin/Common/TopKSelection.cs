namespace PruneBench.Plugins.Builtin.Common;

/// <summary>Deterministic top-k: the k highest scores, ties broken by the lower index, NaN ranked lowest.</summary>
internal static class TopKSelection
{
    /// <summary>Indices of the <paramref name="k"/> highest scores, ascending (so survivors keep their order).</summary>
    public static int[] Ascending(ReadOnlySpan<float> scores, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        var n = scores.Length;
        if (k >= n)
        {
            return Enumerable.Range(0, n).ToArray();
        }

        var order = Enumerable.Range(0, n).ToArray();
        var keys = new float[n];
        for (var i = 0; i < n; i++)
        {
            keys[i] = float.IsNaN(scores[i]) ? float.NegativeInfinity : scores[i];
        }

        // Descending score, then ascending index: a stable, seed-free tie rule.
        Array.Sort(order, (a, b) => keys[a] != keys[b] ? keys[b].CompareTo(keys[a]) : a.CompareTo(b));
        var kept = order.AsSpan(0, k).ToArray();
        Array.Sort(kept);
        return kept;
    }

    /// <summary>Indices of the <paramref name="k"/> lowest scores (ties → lower index), ascending.</summary>
    public static int[] LowestAscending(ReadOnlySpan<double> scores, int k)
    {
        var order = Enumerable.Range(0, scores.Length).ToArray();
        var keys = scores.ToArray();
        Array.Sort(order, (a, b) => keys[a] != keys[b] ? keys[a].CompareTo(keys[b]) : a.CompareTo(b));
        var chosen = order.AsSpan(0, Math.Min(k, order.Length)).ToArray();
        Array.Sort(chosen);
        return chosen;
    }
}
