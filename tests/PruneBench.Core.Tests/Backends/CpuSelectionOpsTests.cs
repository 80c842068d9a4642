using PruneBench.Abstractions.Scoring;
using PruneBench.Abstractions.Signals;
using PruneBench.Core.Backends.Cpu;
using PruneBench.Core.Tensors;

namespace PruneBench.Core.Tests.Backends;

/// <summary>The score-selection ops (the CUDA kernels' reference) on worked examples.</summary>
public sealed class CpuSelectionOpsTests
{
    private readonly CpuBackend _b = new();

    [Fact]
    public void Top_k_returns_device_indices_of_the_highest_scores_ascending_with_ties_to_the_lower_index_and_nan_last()
    {
        using var scores = _b.FromHost([0.5f, float.NaN, 2f, -0f, 2f, 0f, 7f, -1f], 8);

        using var top4 = Top(scores, 4);
        using var top6 = Top(scores, 6);
        using var none = Top(scores, 0);

        Assert.Equal(DType.I32, top4.DType);
        Assert.Equal([0, 2, 4, 6], _b.IndicesToHost(top4));
        Assert.Equal([0, 2, 3, 4, 5, 6], _b.IndicesToHost(top6)); // −0 and +0 tie: both before −1
        Assert.Empty(_b.IndicesToHost(none));
        Assert.Throws<ArgumentOutOfRangeException>(() => _b.SelectTop(scores, null, 0, 9));
    }

    [Fact]
    public void Select_top_blends_then_keeps_the_highest_with_their_blended_scores()
    {
        // running (0.4, 0.1, 0.3, 0.2) and current (1, 1, 2, 4) at β = 0.5: shares (1/8, 1/8, 1/4, 1/2), blended
        // (0.2625, 0.1125, 0.275, 0.35); the top two are tokens 2 and 3.
        using var running = _b.FromHost([0.4f, 0.1f, 0.3f, 0.2f], 4);
        using var current = _b.FromHost([1f, 1f, 2f, 4f], 4);

        var (kept, scores) = _b.SelectTop(running, current, 0.5f, 2);
        var (previousKept, previousScores) = _b.SelectTop(running, null, 0.5f, 3); // no new score: the running one as it is
        var (firstKept, firstScores) = _b.SelectTop(null, current, 0.5f, 1);      // the first score: its share

        using (kept)
        using (scores)
        using (previousKept)
        using (previousScores)
        using (firstKept)
        using (firstScores)
        {
            Assert.Equal([2, 3], _b.IndicesToHost(kept));
            Assert.Equal([0.5f * 0.3f + 0.5f * 0.25f, 0.5f * 0.2f + 0.5f * 0.5f], _b.ToHost(scores));
            Assert.Equal([0, 2, 3], _b.IndicesToHost(previousKept));
            Assert.Equal([0.4f, 0.3f, 0.2f], _b.ToHost(previousScores));
            Assert.Equal([3], _b.IndicesToHost(firstKept));
            Assert.Equal([0.5f], _b.ToHost(firstScores));
        }

        Assert.Throws<ArgumentException>(() => _b.SelectTop(null, null, 0, 0));
    }

    /// <summary>SelectTop as a plain top-k: the indices, the selected scores dropped.</summary>
    private Tensor Top(Tensor scores, int k)
    {
        var (kept, selected) = _b.SelectTop(scores, null, 0, k);
        selected.Dispose();
        return kept;
    }

    [Fact]
    public void Compact_rows_keeps_the_rows_around_the_run_and_the_listed_rows_of_the_run()
    {
        // [2 text][4 run][1 text] rows of width 2; row r holds (r, 10 r).
        using var x = _b.FromHost([.. Enumerable.Range(0, 7).SelectMany(r => new[] { r, 10f * r })], 7, 2);
        using var scores = _b.FromHost([1f, 9f, 0f, 5f], 4);
        using var kept = Top(scores, 2); // run indices 1 and 3

        using var compacted = _b.CompactRows(x, kept, 2, 4);

        Assert.Equal([5, 2], compacted.Shape);
        Assert.Equal([0f, 0f, 1f, 10f, 3f, 30f, 5f, 50f, 6f, 60f], _b.ToHost(compacted));
    }

    [Fact]
    public void Blend_folds_the_normalised_score_into_the_running_score_and_the_first_score_is_its_share()
    {
        using var stale = _b.FromHost([float.NaN, float.NaN, float.NaN, float.NaN], 4);
        using var first = _b.FromHost([1f, 1f, 2f, 4f], 4);
        using var second = _b.FromHost([0f, 0f, 0f, 0f], 4); // no preference: a uniform share

        using var running = _b.BlendScores(null, first, 0.5f);
        using var overwritten = _b.BlendScores(stale, first, 0);
        using var blended = _b.BlendScores(running, second, 0.5f);

        Assert.Equal([0.125f, 0.125f, 0.25f, 0.5f], _b.ToHost(running));
        Assert.Equal(_b.ToHost(running), _b.ToHost(overwritten));
        Assert.Equal([0.1875f, 0.1875f, 0.25f, 0.375f], _b.ToHost(blended));
        Assert.Equal([1f, 1f, 2f, 4f], _b.ToHost(first)); // inputs untouched
    }

    [Fact]
    public void Blend_is_the_contracts_score_normalisation()
    {
        var r = new Random(5);
        var previous = Enumerable.Range(0, 33).Select(_ => r.NextSingle()).ToArray();
        var current = Enumerable.Range(0, 33).Select(_ => r.NextSingle() * 3).ToArray();
        var expected = (float[])previous.Clone();
        ScoreNormalization.Blend(expected, current, 0.3f);

        using var running = _b.FromHost(previous, 33);
        using var score = _b.FromHost(current, 33);
        using var blended = _b.BlendScores(running, score, 0.3f);

        Assert.Equal(expected, _b.ToHost(blended));
    }

    [Fact]
    public void Reduce_heads_takes_the_mean_or_the_max_over_heads()
    {
        using var perHead = _b.FromHost([1f, 4f, 0f, 3f, 2f, 6f], 2, 3); // [2 heads, 3 tokens]

        using var mean = _b.ReduceHeads(perHead, HeadAggregation.Mean);
        using var max = _b.ReduceHeads(perHead, HeadAggregation.Max);

        Assert.Equal([2f, 3f, 3f], _b.ToHost(mean));
        Assert.Equal([3f, 4f, 6f], _b.ToHost(max));
    }

    [Fact]
    public void Inverse_head_mean_norms_are_one_over_the_norm_of_each_rows_head_mean()
    {
        // Row 0: heads (3, 4) and (3, 4) → mean (3, 4), norm 5. Row 1: (1, 0) and (−1, 0) → mean 0 → 1/1e-30.
        using var keys = _b.FromHost([3f, 4f, 3f, 4f, 1f, 0f, -1f, 0f], 2, 4);

        using var inverse = _b.InverseHeadMeanNorms(keys, heads: 2);

        Assert.Equal([0.2f, 1e30f], _b.ToHost(inverse));
    }
}
