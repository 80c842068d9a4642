using PruneBench.Abstractions.Signals;
using PruneBench.Gpu.Tests.Support;

namespace PruneBench.Gpu.Tests.Ops;

/// <summary>
/// Mamba2 ops against the CPU, written once and run per backend (<see cref="NativeMambaParityTests"/>,
/// <see cref="TorchMambaParityTests"/>). The native scan is the exact recurrence, the Torch scan the chunked form
/// on batched matmuls in slices of 64 chunks, the CPU's the chunked form chunk by chunk; all are equal in exact
/// arithmetic and differ in fp32 by the rounding of exp(Σ A·dt) products and of sums over a chunk, which grows
/// with T: 1e-4 for short sequences, 1e-3 for 1000 steps and more.
/// </summary>
public abstract class MambaParityTests(IGpuBackendFixture fixture) : GpuTestBase(fixture)
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
    [InlineData(1100, 4, 8, 2, 16, 8, 1e-3f)]   // 137.5 chunks: three slices of ≤ 64 chunks, the last one partial
    [InlineData(2100, 3, 4, 3, 32, 32, 1e-3f)]  // one head per group, T > 64 chunks
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

    [Theory]
    // prefill T, H, P, G, N, chunk
    [InlineData(37, 4, 8, 2, 16, 8)]
    [InlineData(600, 6, 16, 3, 64, 8)] // prefill over two slices of 64 chunks
    public void SsdScan_decode_steps_continue_a_prefill_like_the_CPU(int tokens, int heads, int headDim, int groups, int stateSize, int chunk)
    {
        // The engine's Mamba decode: one prefill from a fresh state, then single-token scans from the state it left.
        const int steps = 3;
        var total = tokens + steps;
        var x = TestData.Uniform(total * heads * headDim, 1, -2, 2);
        var dt = TestData.Uniform(total * heads, 2, 0.001f, 0.2f);
        var b = TestData.Uniform(total * groups * stateSize, 4);
        var c = TestData.Uniform(total * groups * stateSize, 5);
        var (ca, ga) = Both(TestData.Uniform(heads, 3, -8f, -0.5f), heads);
        var (cd, gd) = Both(TestData.Uniform(heads, 6, 0.5f, 1.5f), heads);
        var (cs, gs) = Both(new float[heads * headDim * stateSize], heads, headDim, stateSize);
        using (ca)
        using (ga)
        using (cd)
        using (gd)
        using (cs)
        using (gs)
        {
            for (var (t0, n) = (0, tokens); t0 < total; (t0, n) = (t0 + n, 1))
            {
                var (cx, gx) = Both(x[(t0 * heads * headDim)..((t0 + n) * heads * headDim)], n, heads, headDim);
                var (cdt, gdt) = Both(dt[(t0 * heads)..((t0 + n) * heads)], n, heads);
                var (cb, gb) = Both(b[(t0 * groups * stateSize)..((t0 + n) * groups * stateSize)], n, groups, stateSize);
                var (cc, gc) = Both(c[(t0 * groups * stateSize)..((t0 + n) * groups * stateSize)], n, groups, stateSize);
                using (cx)
                using (gx)
                using (cdt)
                using (gdt)
                using (cb)
                using (gb)
                using (cc)
                using (gc)
                using (var cy = Cpu.SsdScan(cx, cdt, ca, cb, cc, cd, cs, chunk))
                using (var gy = Gpu.SsdScan(gx, gdt, ga, gb, gc, gd, gs, chunk))
                {
                    AssertClose(cy, gy, 1e-3f, $"SsdScan y of rows {t0}..{t0 + n - 1}");
                    AssertClose(cs, gs, 1e-3f, $"SsdScan state after row {t0 + n - 1}");
                }
            }
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
