namespace PruneBench.Core.Analysis;

/// <summary>
/// Kendall's τ_b rank correlation in O(N log N) (Knight, 1966), with ties in either variable handled as
/// τ_b does: (n_c − n_d) / √((n₀ − n₁)(n₀ − n₂)).
/// </summary>
public static class KendallTau
{
    /// <summary>
    /// τ_b of the paired samples. NaN when either variable is constant (τ_b is undefined) or N &lt; 2.
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ or a value is NaN.</exception>
    public static double TauB(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"Kendall τ_b needs paired samples: {x.Length} vs {y.Length} values.");
        }

        var n = x.Length;
        for (var i = 0; i < n; i++)
        {
            if (double.IsNaN(x[i]) || double.IsNaN(y[i]))
            {
                throw new ArgumentException($"Kendall τ_b input has NaN at index {i}; drop absent tokens first.");
            }
        }

        if (n < 2)
        {
            return double.NaN;
        }

        // Sort pairs by (x, y); count ties in x (n₁) and joint ties (n₃) on the sorted runs.
        var xs = x.ToArray();
        var ysource = y.ToArray();
        var order = Enumerable.Range(0, n).ToArray();
        Array.Sort(order, (a, b) => xs[a] != xs[b] ? xs[a].CompareTo(xs[b]) : ysource[a].CompareTo(ysource[b]));
        var ys = order.Select(i => ysource[i]).ToArray();
        var xsSorted = order.Select(i => xs[i]).ToArray();
        var n1 = TiedPairs(xsSorted, null);
        var n3 = TiedPairs(xsSorted, ys);

        // Discordant pairs are the inversions of y in that order: count them while merge-sorting y.
        var swaps = MergeSortCountingSwaps(ys, new double[n], 0, n);
        var n2 = TiedPairs(ys, null); // ys is now sorted
        var n0 = (long)n * (n - 1) / 2;
        var numerator = (double)(n0 - n1 - n2 + n3) - 2.0 * swaps;
        var denominator = Math.Sqrt((double)(n0 - n1) * (n0 - n2));
        return denominator > 0 ? numerator / denominator : double.NaN;
    }

    /// <summary>Σ t(t−1)/2 over runs of equal values in sorted <paramref name="a"/> (and equal <paramref name="b"/> when given).</summary>
    private static long TiedPairs(double[] a, double[]? b)
    {
        long pairs = 0;
        long run = 1;
        for (var i = 1; i <= a.Length; i++)
        {
            if (i < a.Length && a[i] == a[i - 1] && (b is null || b[i] == b[i - 1]))
            {
                run++;
                continue;
            }

            pairs += run * (run - 1) / 2;
            run = 1;
        }

        return pairs;
    }

    /// <summary>Stable top-down merge sort of a[lo..hi) that returns the number of strict inversions.</summary>
    private static long MergeSortCountingSwaps(double[] a, double[] scratch, int lo, int hi)
    {
        if (hi - lo < 2)
        {
            return 0;
        }

        var mid = (lo + hi) / 2;
        var swaps = MergeSortCountingSwaps(a, scratch, lo, mid) + MergeSortCountingSwaps(a, scratch, mid, hi);
        int i = lo, j = mid, k = lo;
        while (i < mid && j < hi)
        {
            // Equal values are not inversions (ties in y are neither concordant nor discordant).
            if (a[i] <= a[j])
            {
                scratch[k++] = a[i++];
            }
            else
            {
                swaps += mid - i;
                scratch[k++] = a[j++];
            }
        }

        while (i < mid)
        {
            scratch[k++] = a[i++];
        }

        while (j < hi)
        {
            scratch[k++] = a[j++];
        }

        Array.Copy(scratch, lo, a, lo, hi - lo);
        return swaps;
    }
}
