using System.Globalization;
using PruneBench.Core.Backends.Cuda;
using PruneBench.Core.Tensors;
using PruneBench.Gpu.Tests.Support;

namespace PruneBench.Gpu.Tests.Ops;

/// <summary>
/// Causal attention (both kernels) and the query-row attention signal against the CPU's exact fp32 softmax.
///
/// Tolerances. The fp32 CUDA-core kernel and the query-row signal differ from the CPU only by fp32 summation
/// order and the online rescaling: <see cref="Fp32Tolerance"/> = 2e-4 of the largest magnitude (5000 keys:
/// 5000·2⁻²⁴ ≈ 3e-4 worst case, random-sign far less).
/// The tensor-core kernel rounds q, k, v and the probabilities P to bf16 (u = 2⁻⁹) and accumulates in fp32.
/// The inputs here are bf16-exact (<see cref="TestData.Uniform"/>), so Q·Kᵀ is exact up to fp32 summation and
/// only P's rounding remains: each weight becomes p_j(1 + δ_j), |δ_j| ≤ u, and since the row sum adds the same
/// rounded values the output is Σ w̃_j v_j with w̃_j − w_j = w_j(δ_j − δ̄)/(1 + δ̄), hence
/// |Δout| ≤ 2u · max |v| = 2⁻⁸ · max |v| ≈ 3.9e-3 · max |v| — a bound, not an estimate (random-sign rounding gives
/// ≈ u/√3 · ‖w‖₂ · max |v|, far less). <see cref="TensorCoreTolerance"/> = 4e-3 relative to max |v| (the
/// outputs are convex combinations of value rows, so max |v| is the natural scale even where the averaged
/// output is small). With inputs that are not bf16-exact, rounding q and k moves each logit by
/// Δs = scale · Σ_i q_i k_i (δ_qi + δ_ki): |Δs| ≤ 2u · scale · Σ_i |q_i k_i| in the worst case, about
/// u·√(2/3)·√(mean q_i²k_i²) for random signs (≈ 2e-3 for q, k uniform in [−2, 2]); a logit error moves the
/// output by Σ w_j Δs_j (v_j − out) ≤ 2 max|Δs| · max |v|, and v's own rounding adds u · max |v|, so
/// <see cref="UnroundedInputTolerance"/> = 1.5e-2 sits ≈ 3× above that typical total (2·2·2e-3 + 2u + u ≈ 1.4e-2
/// if every error lined up; ≈ 4e-3 expected).
/// </summary>
public sealed class AttentionParityTests(CudaFixture fixture) : GpuTestBase(fixture)
{
    private const float Fp32Tolerance = 2e-4f;
    private const float TensorCoreTolerance = 4e-3f;
    private const float UnroundedInputTolerance = 1.5e-2f;

    [Theory]
    // tq, kvLength, queryOffset, capacity, hq, hkv, d, keyBias
    [InlineData(1, 1, 0, 1, 1, 1, 2, false)]
    [InlineData(2, 2, 0, 2, 1, 1, 8, false)]        // smallest tensor-core head (padded to 16)
    [InlineData(7, 7, 0, 9, 4, 2, 16, false)]
    [InlineData(33, 33, 0, 33, 4, 1, 64, true)]
    [InlineData(1, 50, 49, 64, 8, 2, 128, false)]   // decode step
    [InlineData(20, 100, 80, 120, 6, 3, 80, true)]  // chunk appended after a cached prefix
    [InlineData(130, 300, 170, 301, 8, 2, 128, true)] // chunk over several key tiles, partial query tiles
    [InlineData(129, 129, 0, 129, 5, 5, 72, false)] // head padded 72 → 80, one query row past two tiles
    [InlineData(70, 70, 0, 70, 2, 1, 40, false)]    // head padded 40 → 48
    [InlineData(65, 200, 135, 200, 4, 2, 96, true)]
    [InlineData(64, 64, 0, 64, 2, 1, 112, false)]   // exactly one tile
    [InlineData(9, 9, 0, 9, 2, 1, 20, false)]       // head not a multiple of 8: fp32 kernel either way
    [InlineData(17, 40, 23, 40, 2, 2, 256, false)]  // largest head size (fp32 kernel either way)
    [InlineData(0, 5, 0, 5, 2, 1, 16, false)]
    [InlineData(5000, 5000, 0, 5000, 2, 1, 64, false)] // long sequence: 79 tensor-core / 157 fp32 key tiles
    [InlineData(3000, 3000, 0, 3000, 4, 2, 128, true)]
    public void Attention_matches_the_CPU(int tq, int kvLength, int queryOffset, int capacity, int hq, int hkv, int d, bool keyBias)
    {
        var (cq, gq) = Both(TestData.Uniform(tq * hq * d, 1, -2, 2), tq, hq, d);
        var (ck, gk) = Both(TestData.Uniform(capacity * hkv * d, 2, -2, 2), capacity, hkv, d);
        var (cv, gv) = Both(TestData.Uniform(capacity * hkv * d, 3), capacity, hkv, d);
        var (cb, gb) = Both(TestData.Uniform(capacity, 4, 0, 1.5f), capacity);
        using (cq)
        using (gq)
        using (ck)
        using (gk)
        using (cv)
        using (gv)
        using (cb)
        using (gb)
        {
            using var c = Cpu.Attention(cq, ck, cv, kvLength, queryOffset, keyBias ? cb : null);
            var what = $"Attention tq={tq} kv={kvLength} off={queryOffset} {hq}/{hkv}×{d}";
            foreach (var tensorCores in new[] { false, true })
            {
                Gpu.TensorCoreAttention = tensorCores;
                try
                {
                    using var g = Gpu.Attention(gq, gk, gv, kvLength, queryOffset, keyBias ? gb : null);
                    if (tensorCores && UsesTensorCores(tq, d))
                    {
                        ReportDrift(what, c, g);
                        AssertClose(c, g, TensorCoreTolerance, what + " (tensor cores)", scaleFloor: 1f); // max |v| = 1
                    }
                    else
                    {
                        AssertClose(c, g, Fp32Tolerance, what + " (fp32)");
                    }
                }
                finally
                {
                    Gpu.TensorCoreAttention = true;
                }
            }
        }
    }

    [Theory]
    // tq, kvLength, queryOffset, hq, hkv, d: inputs not bf16-exact, so the kernel's own rounding of q, k, v counts.
    [InlineData(300, 300, 0, 4, 2, 128)]
    [InlineData(100, 260, 160, 4, 1, 64)]
    public void Tensor_core_attention_of_unrounded_inputs_stays_within_the_bf16_tolerance(int tq, int kvLength, int queryOffset, int hq, int hkv, int d)
    {
        var (cq, gq) = Both(Unrounded(tq * hq * d, 11, 2), tq, hq, d);
        var (ck, gk) = Both(Unrounded(kvLength * hkv * d, 12, 2), kvLength, hkv, d);
        var (cv, gv) = Both(Unrounded(kvLength * hkv * d, 13, 1), kvLength, hkv, d);
        var (cb, gb) = Both(Unrounded(kvLength, 14, 1), kvLength);
        using (cq)
        using (gq)
        using (ck)
        using (gk)
        using (cv)
        using (gv)
        using (cb)
        using (gb)
        {
            Assert.True(UsesTensorCores(tq, d));
            using var c = Cpu.Attention(cq, ck, cv, kvLength, queryOffset, cb);
            using var g = Gpu.Attention(gq, gk, gv, kvLength, queryOffset, gb);
            var what = $"Attention (unrounded inputs) tq={tq} kv={kvLength} off={queryOffset} {hq}/{hkv}×{d}";
            ReportDrift(what, c, g);
            AssertClose(c, g, UnroundedInputTolerance, what, scaleFloor: 1f);
        }
    }

    [Fact]
    public void Attention_memory_does_not_grow_with_the_square_of_the_sequence()
    {
        const int t = 8192, hq = 4, hkv = 2, d = 64;
        using var q = Gpu.FromHost(TestData.Uniform(t * hq * d, 1), t, hq, d);
        using var k = Gpu.FromHost(TestData.Uniform(t * hkv * d, 2), t, hkv, d);
        using var v = Gpu.FromHost(TestData.Uniform(t * hkv * d, 3), t, hkv, d);
        Gpu.Synchronize();
        Gpu.ResetPeakMemory();
        var before = Gpu.Memory.UsedBytes;
        using var y = Gpu.Attention(q, k, v, t, 0, null);
        Gpu.Synchronize();
        var extra = Gpu.Memory.PeakBytes - before;
        // Only the output [T, Hq, d] is allocated; a T×T score matrix per head would be 4·T²·Hq = 1 GiB.
        Assert.True(extra <= (long)t * hq * d * 4 * 9 / 8, $"attention allocated {extra} bytes beyond its inputs");
    }

    [Fact]
    public void Attention_over_64k_tokens_equals_the_prefix_mean_when_all_keys_are_equal()
    {
        // Equal keys make every causal softmax uniform, so row t is the mean of v[0..t]: an exact host
        // reference for a length the O(L²) CPU reference cannot reach in a test.
        const int t = 65536, hq = 4, hkv = 1, d = 64;
        using var q = Gpu.FromHost(TestData.Uniform(t * hq * d, 1), t, hq, d);
        using var k = Gpu.Zeros(t, hkv, d);
        var values = TestData.Uniform(t * d, 2);
        using var v = Gpu.FromHost(values, t, hkv, d);
        Gpu.Attention(q, k, v, t, 0, null).Dispose(); // warm-up (compilation, allocator)
        Tensor? y = null;
        var ms = Gpu.TimeMilliseconds(() => y = Gpu.Attention(q, k, v, t, 0, null));
        using (y)
        {
            var flops = 4.0 * hq * d * t * (t + 1.0) / 2;
            GpuReport.Timing($"flash attention prefill T={t}, {hq} heads/{hkv} kv, d={d}", ms, string.Create(CultureInfo.InvariantCulture, $"{flops / ms / 1e9:F2} TFLOP/s (causal)"));
            var got = Gpu.ToHost(y!);
            var sum = new double[d];
            var worst = 0.0;
            for (var row = 0; row < t; row++)
            {
                for (var c = 0; c < d; c++)
                {
                    sum[c] += values[(row * d) + c];
                }

                if (row % 97 != 0 && row != t - 1)
                {
                    continue;
                }

                for (var h = 0; h < hq; h++)
                {
                    for (var c = 0; c < d; c++)
                    {
                        worst = Math.Max(worst, Math.Abs(got[(((long)row * hq) + h) * d + c] - (sum[c] / (row + 1))));
                    }
                }
            }

            Assert.True(worst < 1e-4, $"max |Δ| vs prefix mean {worst}");
        }
    }

    [Theory]
    // queries (rows), kvLength, capacity, hq, hkv, d, colStart, colCount, bias
    [InlineData(new[] { 9 }, 10, 10, 2, 1, 16, 2, 5, false)]
    [InlineData(new[] { 30, 31, 35, 39 }, 40, 48, 4, 2, 64, 5, 24, true)]
    [InlineData(new[] { 10, 20 }, 25, 25, 4, 4, 32, 0, 25, false)] // columns past a query's row read as 0
    [InlineData(new[] { 4999, 4990 }, 5000, 5000, 2, 1, 128, 100, 4800, true)]
    [InlineData(new[] { 3 }, 4, 4, 2, 1, 8, 1, 0, false)]
    [InlineData(new int[0], 4, 4, 2, 1, 8, 0, 4, false)]
    public void QueryAttention_matches_the_CPU_per_query_and_averaged(int[] rows, int kvLength, int capacity, int hq, int hkv, int d, int colStart, int colCount, bool bias)
    {
        var (cq, gq) = Both(TestData.Uniform(rows.Length * hq * d, 1, -2, 2), rows.Length, hq, d);
        var (ck, gk) = Both(TestData.Uniform(capacity * hkv * d, 2, -2, 2), capacity, hkv, d);
        var (cb, gb) = Both(TestData.Uniform(capacity, 3, 0, 1), capacity);
        using (cq)
        using (gq)
        using (ck)
        using (gk)
        using (cb)
        using (gb)
        {
            foreach (var perQuery in new[] { true, false })
            {
                using var c = Cpu.QueryAttention(cq, ck, kvLength, rows, bias ? cb : null, colStart, colCount, perQuery);
                using var g = Gpu.QueryAttention(gq, gk, kvLength, rows, bias ? gb : null, colStart, colCount, perQuery);
                AssertClose(c, g, Fp32Tolerance, $"QueryAttention perQuery={perQuery}");
            }
        }
    }

    /// <summary>Whether <see cref="CudaBackend.Attention"/> takes the tensor-core kernel for this call.</summary>
    private bool UsesTensorCores(int tq, int d) => Gpu.TensorCoreAttention && Gpu.Info.Major >= 8 && CudaBackend.TensorCoreAttentionApplies(tq, d);

    private void ReportDrift(string what, Tensor cpu, Tensor gpu) =>
        GpuReport.Line(string.Create(CultureInfo.InvariantCulture,
            $"drift (tensor cores vs fp32 CPU), {what}: max |Δ| = {RelativeDifference(Cpu.ToHost(cpu), Gpu.ToHost(gpu)):0.00e0} of max |out|"));

    /// <summary>Values uniform in [−<paramref name="range"/>, <paramref name="range"/>) with full fp32 mantissas (not bf16-exact).</summary>
    private static float[] Unrounded(int n, int seed, float range)
    {
        var rng = new Random(seed);
        var v = new float[n];
        for (var i = 0; i < n; i++)
        {
            v[i] = range * ((2 * rng.NextSingle()) - 1);
        }

        return v;
    }
}
