namespace PruneBench.Abstractions.Scoring;

/// <summary>Deterministic top-k: the k highest scores, ties broken by the lower index, NaN ranked lowest.</summary>
public static class TopKSelection
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

        // One primitive sort of packed keys instead of a comparison delegate (reducers run on every layer
        // of 10⁵-token videos): high 32 bits = descending score, low 32 bits = ascending index.
        var keys = new ulong[n];
        for (var i = 0; i < n; i++)
        {
            keys[i] = ((ulong)~OrderedBits(scores[i]) << 32) | (uint)i;
        }

        Array.Sort(keys);
        var kept = new int[k];
        for (var i = 0; i < k; i++)
        {
            kept[i] = (int)(uint)keys[i];
        }

        Array.Sort(kept);
        return kept;
    }

    /// <summary>Maps a float to a uint with the same order; NaN ranks below −∞.</summary>
    private static uint OrderedBits(float value)
    {
        if (float.IsNaN(value))
        {
            return 0;
        }

        var bits = BitConverter.SingleToUInt32Bits(value == 0 ? 0f : value); // −0 == +0
        return (bits & 0x8000_0000u) != 0 ? ~bits : bits | 0x8000_0000u;
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
