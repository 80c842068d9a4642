using System.Globalization;
using PruneBench.Abstractions.Signals;
using PruneBench.Core.Tensors;
using PruneBench.Gpu.Tests.Support;

namespace PruneBench.Gpu.Tests.Ops;

/// <summary>
/// Mamba2 ops against the CPU. The GPU scan is the exact recurrence, the CPU's the chunked form; they are
/// equal in exact arithmetic and differ in fp32 by the rounding of exp(Σ A·dt) products and of sums over
/// a chunk, which grows with T: 1e-4 for short sequences, 1e-3 for 1000 steps.
/// </summary>
public sealed class MambaParityTests(CudaFixture fixture) : GpuTestBase(fixture)
{
    [Theory]
    [InlineData(0, 4, 4)]
    [InlineData(1, 5, 4)]   // decode step
    [InlineData(37, 33, 4)]
    [InlineData(300, 130, 2)]
    [InlineData(9, 6, 1)]   // K = 1: no state
    public void CausalConv1dSilu_matches_the_CPU_and_rolls_the_state(int tokens, int channels, int kernel)
    {
        var (cx, gx) = Both(TestData.Uniform(tokens * channels, 1, -2, 2), tokens, channels);
        var (cw, gw) = BothWeight(TestData.Uniform(channels * kernel, 2), channels, kernel);
        var (cb, gb) = BothWeight(TestData.Uniform(channels, 3), channels);
        var (cs, gs) = Both(TestData.Uniform(channels * (kernel - 1), 4), channels, kernel - 1);
        using (cx)
        using (gx)
        using (cw)
        using (gw)
        using (cb)
        using (gb)
        using (cs)
        using (gs)
        {
            using (var c = Cpu.CausalConv1dSilu(cx, cw, cb, cs))
            using (var g = Gpu.CausalConv1dSilu(gx, gw, gb, gs))
            {
                AssertClose(c, g, 1e-5f, "conv output");
            }

            Assert.Equal(Cpu.ToHost(cs), Gpu.ToHost(gs));

            // Then a decode step from the rolled state, without bias.
            var (c1, g1) = Both(TestData.Uniform(channels, 5), 1, channels);
            using (c1)
            using (g1)
            using (var c = Cpu.CausalConv1dSilu(c1, cw, null, cs))
            using (var g = Gpu.CausalConv1dSilu(g1, gw, null, gs))
            {
                AssertClose(c, g, 1e-5f, "conv step");
                Assert.Equal(Cpu.ToHost(cs), Gpu.ToHost(gs));
            }
        }
    }

    [Theory]
    [InlineData(0, 3, 0f, float.PositiveInfinity)]
    [InlineData(1, 1, 0f, float.PositiveInfinity)]
    [InlineData(333, 7, 0.001f, 0.1f)]
    [InlineData(50, 128, 0f, float.PositiveInfinity)]
    public void DtSoftplus_matches_the_CPU_including_the_linear_branch_and_the_clamp(int tokens, int heads, float min, float max)
    {
        var (cr, gr) = Both(TestData.Uniform(tokens * heads, 1, -30, 30), tokens, heads);
        var (cb, gb) = BothWeight(TestData.Uniform(heads, 2, -5, 2), heads);
        using (cr)
        using (gr)
        using (cb)
        using (gb)
        {
            using var c = Cpu.DtSoftplus(cr, cb, min, max);
            using var g = Gpu.DtSoftplus(gr, gb, min, max);
            // dt is a time step of order 0.001–10: compare on that scale. Far below it the two differ on
            // purpose — the CPU's log(1 + exp(v)) loses everything under 2⁻²⁴ for v < −16, the GPU's
            // log1pf(expf(v)) (torch's formula) does not.
            AssertClose(c, g, 1e-6f, "DtSoftplus", scaleFloor: 1f);
        }
    }

    [Theory]
    // T, H, P, G, N, chunk, tolerance
    [InlineData(1, 2, 4, 1, 16, 8, 1e-5f)]     // recurrent step
    [InlineData(37, 4, 8, 2, 16, 8, 1e-4f)]     // several chunks, last one partial
    [InlineData(300, 8, 16, 1, 64, 64, 1e-4f)]
    [InlineData(129, 6, 5, 3, 130, 32, 1e-4f)]  // N not a multiple of 32, odd P
    [InlineData(1000, 2, 3, 1, 256, 128, 1e-3f)] // largest state size
    [InlineData(0, 2, 4, 1, 16, 8, 0f)]
    public void SsdScan_matches_the_chunked_CPU_scan_and_its_final_state(int tokens, int heads, int headDim, int groups, int stateSize, int chunk, float tolerance)
    {
        var (cx, gx) = Both(TestData.Uniform(tokens * heads * headDim, 1, -2, 2), tokens, heads, headDim);
        var (cdt, gdt) = Both(TestData.Uniform(tokens * heads, 2, 0.001f, 0.2f), tokens, heads);
        var (ca, ga) = Both(TestData.Uniform(heads, 3, -8f, -0.5f), heads);
        var (cb, gb) = Both(TestData.Uniform(tokens * groups * stateSize, 4), tokens, groups, stateSize);
        var (cc, gc) = Both(TestData.Uniform(tokens * groups * stateSize, 5), tokens, groups, stateSize);
        var (cd, gd) = Both(TestData.Uniform(heads, 6, 0.5f, 1.5f), heads);
        var (cs, gs) = Both(TestData.Uniform(heads * headDim * stateSize, 7), heads, headDim, stateSize);
        using (cx)
        using (gx)
        using (cdt)
        using (gdt)
        using (ca)
        using (ga)
        using (cb)
        using (gb)
        using (cc)
        using (gc)
        using (cd)
        using (gd)
        using (cs)
        using (gs)
        {
            using var c = Cpu.SsdScan(cx, cdt, ca, cb, cc, cd, cs, chunk);
            using var g = Gpu.SsdScan(gx, gdt, ga, gb, gc, gd, gs, chunk);
            AssertClose(c, g, Math.Max(tolerance, 1e-6f), $"SsdScan y T={tokens}");
            AssertClose(cs, gs, Math.Max(tolerance, 1e-6f), $"SsdScan final state T={tokens}");
        }
    }

    [Fact]
    public void SsdScan_time_on_a_12B_sized_layer_is_recorded()
    {
        // Nemotron-Nano-12B-v2 mixer: 128 heads × 80 head dim, 8 groups, N = 128; 8k tokens.
        const int t = 8192, h = 128, p = 80, g = 8, n = 128;
        using var x = Gpu.FromHost(TestData.Uniform(t * h * p, 1), t, h, p);
        using var dt = Gpu.FromHost(TestData.Uniform(t * h, 2, 0.001f, 0.1f), t, h);
        using var a = Gpu.FromHost(TestData.Uniform(h, 3, -8f, -0.5f), h);
        using var b = Gpu.FromHost(TestData.Uniform(t * g * n, 4), t, g, n);
        using var c = Gpu.FromHost(TestData.Uniform(t * g * n, 5), t, g, n);
        using var d = Gpu.FromHost(TestData.Uniform(h, 6), h);
        using var state = Gpu.Zeros(h, p, n);
        Gpu.SsdScan(x, dt, a, b, c, d, state, 128).Dispose();
        Tensor? y = null;
        var ms = Gpu.TimeMilliseconds(() => y = Gpu.SsdScan(x, dt, a, b, c, d, state, 128));
        using (y)
        {
            GpuReport.Timing($"SSD scan T={t}, H={h}, P={p}, G={g}, N={n}", ms,
                string.Create(CultureInfo.InvariantCulture, $"{(double)t * h * p * n * 4 / ms / 1e6:F1} GFLOP/s"));
            Assert.All(Gpu.ToHost(y!), v => Assert.True(float.IsFinite(v)));
        }
    }

    [Theory]
    // T, G, N, H, queries, colStart, colCount
    [InlineData(10, 1, 16, 2, new[] { 9 }, 0, 10)]
    [InlineData(40, 2, 16, 8, new[] { 30, 35, 39 }, 5, 30)]        // columns past the first query's row
    [InlineData(300, 3, 70, 6, new[] { 250, 299 }, 0, 300)]
    [InlineData(2000, 8, 128, 64, new[] { 1990, 1995, 1999 }, 100, 1800)]
    [InlineData(5, 1, 8, 1, new[] { 4 }, 2, 0)]
    [InlineData(5, 1, 8, 1, new int[0], 0, 5)]
    public void ImplicitAttention_matches_the_CPU_for_both_variants_and_transforms(int tokens, int groups, int n, int heads, int[] queries, int colStart, int colCount)
    {
        var (cb, gb) = Both(TestData.Uniform(tokens * groups * n, 1), tokens, groups, n);
        var (cc, gc) = Both(TestData.Uniform(tokens * groups * n, 2), tokens, groups, n);
        var (cdt, gdt) = Both(TestData.Uniform(tokens * heads, 3, 0.001f, 0.1f), tokens, heads);
        var (ca, ga) = Both(TestData.Uniform(heads, 4, -8f, -0.5f), heads);
        using (cb)
        using (gb)
        using (cc)
        using (gc)
        using (cdt)
        using (gdt)
        using (ca)
        using (ga)
        {
            foreach (var variant in new[] { ImplicitVariant.NoDecay, ImplicitVariant.Decay })
            {
                foreach (var transform in new[] { ScoreTransform.Abs, ScoreTransform.Clamp })
                {
                    using var c = Cpu.ImplicitAttention(cb, cc, cdt, ca, queries, colStart, colCount, variant, transform);
                    using var g = Gpu.ImplicitAttention(gb, gc, gdt, ga, queries, colStart, colCount, variant, transform);
                    AssertClose(c, g, 1e-4f, $"ImplicitAttention {variant}/{transform} T={tokens}");
                }
            }
        }
    }
}
