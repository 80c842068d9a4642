using PruneBench.Gpu.Tests.Support;

namespace PruneBench.Gpu.Tests.Ops;

/// <summary>
/// Embedding, GEMM, norms, elementwise ops and RoPE against the CPU, written once and run per backend
/// (<see cref="NativeDenseOpsParityTests"/>, <see cref="TorchDenseOpsParityTests"/>). Inputs are bf16-exact, so
/// a device with bf16 weights or GEMM operands and the fp32 CPU see the same numbers and differ only by fp32
/// summation order and libm: 1e-5 of the tensor's largest magnitude for elementwise ops, 1e-4 for reductions
/// over up to a few thousand terms (k·2⁻²⁴ ≈ 2.5e-4 worst case at k = 4096; random-sign errors are far smaller).
/// </summary>
public abstract class DenseOpsParityTests(IGpuBackendFixture fixture) : GpuTestBase(fixture)
{
    private const float Elementwise = 1e-5f;
    private const float Reduction = 1e-4f;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(300)]
    public void Embedding_gathers_bf16_table_rows(int tokens)
    {
        var (ct, gt) = BothWeight(TestData.Uniform(257 * 70, 1), 257, 70);
        using (ct)
        using (gt)
        {
            var ids = TestData.Ints(tokens, 257, tokens);
            using var c = Cpu.Embedding(ct, ids);
            using var g = Gpu.Embedding(gt, ids);
            Assert.Equal(Cpu.ToHost(c), Gpu.ToHost(g));
            Assert.Throws<ArgumentOutOfRangeException>(() => Gpu.Embedding(gt, [257]));
        }
    }

    [Theory]
    [InlineData(0, 8, 8, true)]
    [InlineData(1, 1, 1, false)]
    [InlineData(7, 33, 65, true)]
    [InlineData(129, 300, 17, false)]
    [InlineData(300, 1000, 513, true)]
    [InlineData(2, 4096, 3, false)]
    public void Linear_is_a_GEMM_in_the_weight_type_with_fp32_accumulation(int rows, int inFeatures, int outFeatures, bool bias)
    {
        var (cx, gx) = Both(TestData.Uniform(rows * inFeatures, 1), rows, inFeatures);
        var (cw, gw) = BothWeight(TestData.Uniform(outFeatures * inFeatures, 2), outFeatures, inFeatures);
        var (cb, gb) = BothWeight(TestData.Uniform(outFeatures, 3), outFeatures);
        using (cx)
        using (gx)
        using (cw)
        using (gw)
        using (cb)
        using (gb)
        {
            using var c = Cpu.Linear(cx, cw, bias ? cb : null);
            using var g = Gpu.Linear(gx, gw, bias ? gb : null);
            AssertClose(c, g, Reduction, $"Linear {rows}×{inFeatures}→{outFeatures}");
        }
    }

    [Fact]
    public void Linear_multiplies_an_fp32_activation_in_the_weight_type()
    {
        // 1 + 2⁻¹⁰ is not bf16-exact: a bf16 GEMM multiplies 1.0 (its bf16 rounding), an fp32 one 1.0009766.
        using var x = Gpu.FromHost([1f + (1f / 1024)], 1, 1);
        using var w = Gpu.FromHost([1f], 1, 1);
        using var y = Gpu.Linear(x, w, null);
        Assert.Equal(AsWeight(1f + (1f / 1024)), Gpu.ToHost(y)[0]);
    }

    [Theory]
    [InlineData(0, 64)]
    [InlineData(1, 1)]
    [InlineData(5, 7)]
    [InlineData(300, 64)]
    [InlineData(3, 4099)]
    public void RmsNorm_matches_the_CPU(int rows, int width)
    {
        var (cx, gx) = Both(TestData.Uniform(rows * width, rows + width, -4, 4), rows, width);
        var (cw, gw) = BothWeight(TestData.Uniform(width, 9, 0.5f, 1.5f), width);
        using (cx)
        using (gx)
        using (cw)
        using (gw)
        {
            using var c = Cpu.RmsNorm(cx, cw, 1e-6f);
            using var g = Gpu.RmsNorm(gx, gw, 1e-6f);
            AssertClose(c, g, Reduction, $"RmsNorm {rows}×{width}");
        }
    }

    [Theory]
    [InlineData(0, 8, 4)]
    [InlineData(1, 3, 3)]
    [InlineData(9, 96, 48)]
    [InlineData(33, 1000, 125)]
    [InlineData(4, 2048, 2048)]
    public void GatedRmsNorm_matches_the_CPU(int rows, int width, int groupSize)
    {
        var (cx, gx) = Both(TestData.Uniform(rows * width, 1, -3, 3), rows, width);
        var (cz, gz) = Both(TestData.Uniform(rows * width, 2, -6, 6), rows, width);
        var (cw, gw) = BothWeight(TestData.Uniform(width, 3, 0.5f, 1.5f), width);
        using (cx)
        using (gx)
        using (cz)
        using (gz)
        using (cw)
        using (gw)
        {
            using var c = Cpu.GatedRmsNorm(cx, cz, cw, groupSize, 1e-5f);
            using var g = Gpu.GatedRmsNorm(gx, gz, gw, groupSize, 1e-5f);
            AssertClose(c, g, Reduction, $"GatedRmsNorm {rows}×{width}/{groupSize}");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1001)]
    [InlineData((1 << 20) + 3)]
    public void Add_SwiGlu_and_Relu2_match_the_CPU(int n)
    {
        var (ca, ga) = Both(TestData.Uniform(n, 1, -20, 20), n);
        var (cb, gb) = Both(TestData.Uniform(n, 2, -3, 3), n);
        using (ca)
        using (ga)
        using (cb)
        using (gb)
        {
            using (var c = Cpu.SwiGlu(ca, cb))
            using (var g = Gpu.SwiGlu(ga, gb))
            {
                AssertClose(c, g, Elementwise, "SwiGlu");
            }

            using (var c = Cpu.Relu2(ca))
            using (var g = Gpu.Relu2(ga))
            {
                AssertClose(c, g, Elementwise, "Relu2");
            }

            Cpu.Add(ca, cb);
            Gpu.Add(ga, gb);
            AssertClose(ca, ga, Elementwise, "Add");
        }
    }

    [Fact]
    public void Rope_and_Add_write_through_a_reshaped_view_into_its_source()
    {
        // The engine rotates q [T, Hq·d] (a projection's output) through a [T, Hq, d] view and adds sublayer
        // outputs into the residual through views: in-place ops must land in the viewed storage.
        const int tokens = 5, heads = 3, d = 16;
        var invFreq = Enumerable.Range(0, d / 2).Select(i => MathF.Pow(10000f, -2f * i / d)).ToArray();
        int[] positions = [0, 7, 8, 300, 65_000];
        var (c, g) = Both(TestData.Uniform(tokens * heads * d, 5), tokens, heads * d);
        var (cy, gy) = Both(TestData.Uniform(tokens * heads * d, 6), tokens * heads * d);
        using (c)
        using (g)
        using (cy)
        using (gy)
        {
            RopeAt(Cpu, c.Reshape(tokens, heads, d), invFreq, positions);
            RopeAt(Gpu, g.Reshape(tokens, heads, d), invFreq, positions);
            Cpu.Add(c.Reshape(tokens * heads * d), cy);
            Gpu.Add(g.Reshape(tokens * heads * d), gy);
            AssertClose(c, g, Elementwise, "Rope then Add through views");
        }
    }

    [Theory]
    [InlineData(0, 2, 8)]
    [InlineData(1, 1, 2)]
    [InlineData(17, 3, 64)]
    [InlineData(300, 8, 128)]
    [InlineData(5, 2, 256)]
    public void Rope_rotates_like_the_CPU_at_arbitrary_positions(int tokens, int heads, int d)
    {
        var invFreq = Enumerable.Range(0, d / 2).Select(i => MathF.Pow(10000f, -2f * i / d)).ToArray();
        // Positions with gaps and far out (a pruned 64k prompt keeps its original positions).
        var positions = TestData.Ints(tokens, 70_000, tokens);
        var (c, g) = Both(TestData.Uniform(tokens * heads * d, 4), tokens, heads, d);
        using (c)
        using (g)
        {
            RopeAt(Cpu, c, invFreq, positions);
            RopeAt(Gpu, g, invFreq, positions);
            AssertClose(c, g, Elementwise, $"Rope {tokens}×{heads}×{d}");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void M_rope_as_one_rotation_per_axis_matches_the_CPU_and_zero_frequencies_leave_pairs_exact(bool interleaved)
    {
        const int tokens = 40, heads = 4, d = 128;
        var invFreq = Enumerable.Range(0, d / 2).Select(i => MathF.Pow(1e6f, -2f * i / d)).ToArray();
        var perAxis = new PruneBench.Core.Checkpoints.MRope(interleaved ? [24, 20, 20] : [16, 24, 24], interleaved).AxisFrequencies(invFreq);
        var (c, g) = Both(TestData.Uniform(tokens * heads * d, 5), tokens, heads, d);
        using (c)
        using (g)
        {
            var before = Gpu.ToHost(g);
            RopeAt(Gpu, g, new float[d / 2], TestData.Ints(tokens, 70_000, 3));
            Assert.Equal(before, Gpu.ToHost(g)); // the per-axis split relies on this (IBackend.Rope)
            for (var a = 0; a < 3; a++)
            {
                var positions = TestData.Ints(tokens, 5_000, 10 + a);
                RopeAt(Cpu, c, perAxis[a], positions);
                RopeAt(Gpu, g, perAxis[a], positions);
            }

            AssertClose(c, g, Elementwise, $"M-RoPE interleaved={interleaved}");
        }
    }
}
