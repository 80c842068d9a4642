using System.Numerics;

namespace PruneBench.Plugins.Builtin.ToMe;

/// <summary>
/// ToMe's bipartite soft matching (Bolya et al., 2023) as a pure function: tokens alternate into
/// A (even) and B (odd); every A token finds its most similar B token by cosine similarity; the
/// <c>r</c> A tokens with the strongest edges merge into their partners. r ≤ 0 changes nothing.
/// </summary>
internal static class BipartiteMatching
{
    /// <param name="features">[count × width] row-major features (keys or hidden states).</param>
    /// <param name="width">Feature width.</param>
    /// <param name="count">Tokens.</param>
    /// <param name="r">Merges wanted; capped at |A| = ⌈count/2⌉ and zero when B is empty.</param>
    /// <returns>Sources (ascending, all in A) and their targets (in B).</returns>
    public static (int[] Sources, int[] Targets) Match(ReadOnlySpan<float> features, int width, int count, int r)
    {
        var aCount = (count + 1) / 2;
        var bCount = count / 2;
        r = Math.Min(r, aCount);
        if (r <= 0 || bCount == 0)
        {
            return ([], []);
        }

        var unit = Normalized(features, width, count);
        var bestTarget = new int[aCount];
        var bestScore = new float[aCount];
        // [|A|] best B partner per A token; rows are independent, so they run in parallel.
        Parallel.For(0, aCount, a =>
        {
            var rowA = unit.AsSpan(2 * a * width, width);
            var best = float.NegativeInfinity;
            var target = 1;
            for (var b = 0; b < bCount; b++)
            {
                var s = Dot(rowA, unit.AsSpan((2 * b + 1) * width, width));
                if (s > best)
                {
                    best = s;
                    target = 2 * b + 1;
                }
            }

            bestScore[a] = best;
            bestTarget[a] = target;
        });

        // Strongest edges first; ties go to the earlier A token so the plan is deterministic.
        var chosen = Enumerable.Range(0, aCount)
            .OrderByDescending(a => bestScore[a]).ThenBy(a => a)
            .Take(r).Order().ToArray();
        return (chosen.Select(a => 2 * a).ToArray(), chosen.Select(a => bestTarget[a]).ToArray());
    }

    private static float[] Normalized(ReadOnlySpan<float> features, int width, int count)
    {
        var unit = features[..(count * width)].ToArray();
        for (var i = 0; i < count; i++)
        {
            var row = unit.AsSpan(i * width, width);
            var norm = MathF.Sqrt(Dot(row, row));
            var scale = norm > 1e-12f ? 1f / norm : 0f;
            for (var c = 0; c < width; c++)
            {
                row[c] *= scale;
            }
        }

        return unit;
    }

    private static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        var sum = Vector<float>.Zero;
        var i = 0;
        for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            sum += new Vector<float>(x[i..]) * new Vector<float>(y[i..]);
        }

        var total = Vector.Sum(sum);
        for (; i < x.Length; i++)
        {
            total += x[i] * y[i];
        }

        return total;
    }
}
