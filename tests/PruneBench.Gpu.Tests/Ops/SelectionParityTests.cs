using PruneBench.Abstractions.Signals;
using PruneBench.Core.Backends;
using PruneBench.Core.Tensors;
using PruneBench.Gpu.Tests.Support;

namespace PruneBench.Gpu.Tests.Ops;

/// <summary>
/// Score selection (Kernels/selection.cu) against the CPU reference. Top-k and compaction move indices and rows:
/// exact. Head aggregation sums in the CPU's order: exact for max, 1e-6 relative for the mean (fp32 contraction
/// may fuse a multiply-add). The inverse key norm sums d squares in another order: 1e-5 relative. The blend sums
/// n scores in fp64 in another order, then rounds the share to fp32 (u = 2⁻²⁴ ≈ 6e-8): 1e-6 relative. Written once,
/// run per backend (<see cref="NativeSelectionParityTests"/>, <see cref="TorchSelectionParityTests"/>).
/// </summary>
public abstract class SelectionParityTests(IGpuBackendFixture fixture) : GpuTestBase(fixture)
{
    [Theory]
    [InlineData(1, 1, false)]
    [InlineData(7, 3, false)]
    [InlineData(1000, 250, true)]
    [InlineData(1000, 1000, true)]
    [InlineData(1025, 1, false)]
    [InlineData(65_539, 16_384, true)]   // a 16k keep of 64k scores: several 1024-wide chunks, ties across chunks
    [InlineData(262_147, 65_536, false)]
    public void Top_k_selects_the_same_indices_as_the_CPU(int n, int k, bool ties)
    {
        // With ties: 40 distinct values, so the cut falls inside a run of equal scores; plus NaN, −0 and +0.
        var r = new Random(n + k);
        var scores = ties
            ? Enumerable.Range(0, n).Select(i => i % 97 == 0 ? float.NaN : i % 89 == 0 ? -0f : (r.Next(40) - 20) / 3f).ToArray()
            : TestData.Uniform(n, n, -5, 5);
        var (c, g) = Both(scores, n);
        using (c)
        using (g)
        {
            using var ck = Top(Cpu, c, k);
            using var gk = Top(Gpu, g, k);
            Assert.Equal(DType.I32, gk.DType);
            Assert.Equal(Cpu.IndicesToHost(ck), Gpu.IndicesToHost(gk));
        }
    }

    // The CPU's order at the bottom: NaN below −∞, both below every finite score; ties to the lower index. k = 6 of 9
    // keeps the four finite scores, then the two lowest-indexed −∞ (the NaNs lose).
    [Fact]
    public void Top_k_ranks_NaN_below_minus_infinity_like_the_CPU()
    {
        float[] scores = [float.NaN, float.NegativeInfinity, 2f, float.NaN, -1f, float.NegativeInfinity, 0f, float.NegativeInfinity, 5f];
        var (c, g) = Both(scores, scores.Length);
        using (c)
        using (g)
        {
            using var ck = Top(Cpu, c, 6);
            using var gk = Top(Gpu, g, 6);
            Assert.Equal([1, 2, 4, 5, 6, 8], Cpu.IndicesToHost(ck));
            Assert.Equal(Cpu.IndicesToHost(ck), Gpu.IndicesToHost(gk));
        }
    }

    [Fact]
    public void Top_k_of_nothing_is_empty()
    {
        using var g = Gpu.FromHost(TestData.Uniform(10, 1), 10);
        using var none = Top(Gpu, g, 0);
        Assert.Empty(Gpu.IndicesToHost(none));
    }

    [Theory]
    [InlineData(3, 20, 4, 0, 64)]
    [InlineData(5, 4096, 1000, 7, 896)]
    [InlineData(0, 10, 10, 0, 1)]
    public void Compact_rows_keeps_the_same_rows_as_the_CPU(int before, int count, int keep, int after, int width)
    {
        var rows = before + count + after;
        var (cx, gx) = Both(TestData.Uniform(rows * width, 2), rows, width);
        var (cs, gs) = Both(TestData.Uniform(count, 3), count);
        using (cx)
        using (gx)
        using (cs)
        using (gs)
        {
            using var ck = Top(Cpu, cs, keep);
            using var gk = Top(Gpu, gs, keep);
            using var c = Cpu.CompactRows(cx, ck, before, count);
            using var g = Gpu.CompactRows(gx, gk, before, count);
            Assert.Equal(c.Shape, g.Shape);
            Assert.Equal(Cpu.ToHost(c), Gpu.ToHost(g));
        }
    }

    // The whole decision in one op: blend (β = 0, a fraction, or no new score), top-k, the running score at the kept
    // tokens. Ties: 50 distinct raw scores, so blended values repeat and the cut falls inside a run of equals.
    [Theory]
    [InlineData(9, 4, 0.5f, true, true)]
    [InlineData(1000, 1, 0f, true, true)]
    [InlineData(16_396, 4_099, 0.3f, true, true)]
    [InlineData(16_396, 12_000, 0f, false, true)]
    [InlineData(5_000, 4_999, 0.5f, true, false)]
    [InlineData(70_001, 17_500, 0.9f, true, true)]
    public void Select_top_blends_selects_and_compacts_like_the_CPU(int n, int k, float beta, bool withRunning, bool withCurrent)
    {
        var r = new Random(n + k);
        float[] Tied() => Enumerable.Range(0, n).Select(_ => r.Next(50) / 7f).ToArray();
        var (cr, gr) = withRunning ? Both(Tied(), n) : (null, null);
        var (cc, gc) = withCurrent ? Both(Tied(), n) : (null, null);
        try
        {
            var (ck, cs) = Cpu.SelectTop(cr, cc, beta, k);
            var (gk, gs) = Gpu.SelectTop(gr, gc, beta, k);
            using (ck)
            using (cs)
            using (gk)
            using (gs)
            {
                Assert.Equal(DType.I32, gk.DType);
                Assert.Equal(DType.F32, gs.DType);
                Assert.Equal(Cpu.IndicesToHost(ck), Gpu.IndicesToHost(gk));
                AssertClose(cs, gs, 1e-6f, $"SelectTop n={n} k={k} β={beta}");
            }
        }
        finally
        {
            cr?.Dispose();
            gr?.Dispose();
            cc?.Dispose();
            gc?.Dispose();
        }
    }

    [Theory]
    [InlineData(3, 20, 4, 0, 64)]
    [InlineData(5, 4096, 1000, 7, 896)]
    public void Add_compact_rows_adds_the_same_rows_as_the_CPU(int before, int count, int keep, int after, int width)
    {
        var rows = before + count + after;
        var (cx, gx) = Both(TestData.Uniform(rows * width, 12), rows, width);
        var (cy, gy) = Both(TestData.Uniform(rows * width, 13), rows, width);
        var (cs, gs) = Both(TestData.Uniform(count, 14), count);
        using (cx)
        using (gx)
        using (cy)
        using (gy)
        using (cs)
        using (gs)
        {
            using var ck = Top(Cpu, cs, keep);
            using var gk = Top(Gpu, gs, keep);
            using var c = Cpu.AddCompactRows(cx, cy, ck, before, count);
            using var g = Gpu.AddCompactRows(gx, gy, gk, before, count);
            Assert.Equal(c.Shape, g.Shape);
            Assert.Equal(Cpu.ToHost(c), Gpu.ToHost(g));
        }
    }

    [Theory]
    [InlineData(1, 0f)]
    [InlineData(1000, 0f)]
    [InlineData(70_001, 0.3f)]
    [InlineData(64, 1f)]
    public void Blend_matches_the_CPU(int n, float beta)
    {
        var (cr, gr) = Both(TestData.Uniform(n, 4, 0, 1), n);
        var (cc, gc) = Both(TestData.Uniform(n, 5, 0, 2), n);
        using (cr)
        using (gr)
        using (cc)
        using (gc)
        {
            using var c = Cpu.BlendScores(cr, cc, beta);
            using var g = Gpu.BlendScores(gr, gc, beta);
            Assert.Equal(DType.F32, g.DType);
            AssertClose(c, g, 1e-6f, $"BlendScores n={n} β={beta}");
        }
    }

    [Fact]
    public void The_first_score_of_a_sample_is_its_share_and_one_without_mass_is_uniform()
    {
        var (cc, gc) = Both([0f, 0f, 0f, 0f, 0f], 5);
        var (cs, gs) = Both([1f, 3f, 0f, 0f, 4f], 5);
        using (cc)
        using (gc)
        using (cs)
        using (gs)
        {
            using var uniform = Gpu.BlendScores(null, gc, 0.7f);
            using var share = Gpu.BlendScores(null, gs, 0.7f);
            Assert.All(Gpu.ToHost(uniform), v => Assert.Equal(0.2f, v));
            Assert.Equal([0.125f, 0.375f, 0f, 0f, 0.5f], Gpu.ToHost(share));
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(16, 5000)]
    [InlineData(32, 70_000)]
    public void Reduce_heads_matches_the_CPU(int heads, int tokens)
    {
        var (c, g) = Both(TestData.Uniform(heads * tokens, 6, 0, 1), heads, tokens);
        using (c)
        using (g)
        {
            using var cm = Cpu.ReduceHeads(c, HeadAggregation.Mean);
            using var gm = Gpu.ReduceHeads(g, HeadAggregation.Mean);
            AssertClose(cm, gm, 1e-6f, $"ReduceHeads mean {heads}×{tokens}");
            using var cx = Cpu.ReduceHeads(c, HeadAggregation.Max);
            using var gx = Gpu.ReduceHeads(g, HeadAggregation.Max);
            Assert.Equal(Cpu.ToHost(cx), Gpu.ToHost(gx));
        }
    }

    [Theory]
    [InlineData(1, 1, 2)]
    [InlineData(3000, 8, 128)]
    [InlineData(17, 2, 80)]
    public void Inverse_head_mean_norms_match_the_CPU(int rows, int heads, int d)
    {
        var (c, g) = Both(TestData.Uniform(rows * heads * d, 7, -2, 2), rows, heads * d);
        using (c)
        using (g)
        {
            using var cn = Cpu.InverseHeadMeanNorms(c, heads);
            using var gn = Gpu.InverseHeadMeanNorms(g, heads);
            AssertClose(cn, gn, 1e-5f, $"InverseHeadMeanNorms {rows}×{heads}×{d}");
        }
    }

    /// <summary>SelectTop as a plain top-k: the indices, the selected scores dropped.</summary>
    private static Tensor Top(IBackend backend, Tensor scores, int k)
    {
        var (kept, selected) = backend.SelectTop(scores, null, 0, k);
        selected.Dispose();
        return kept;
    }
}
