using System.Globalization;
using PruneBench.Core.Backends.Cuda;
using PruneBench.Core.Tensors;
using PruneBench.Gpu.Tests.Support;

namespace PruneBench.Gpu.Tests.Ops;

/// <summary>
/// <see cref="AttentionParityTests"/> on the native CUDA backend, both kernels.
///
/// Tolerances. The fp32 CUDA-core kernel keeps <see cref="AttentionParityTests.Fp32Tolerance"/>.
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
public sealed class NativeAttentionParityTests(CudaFixture fixture) : AttentionParityTests(fixture)
{
    private const float TensorCoreTolerance = 4e-3f;
    private const float UnroundedInputTolerance = 1.5e-2f;

    private CudaBackend Native => (CudaBackend)Gpu;

    /// <summary>Both kernels: the fp32 one at <see cref="AttentionParityTests.Fp32Tolerance"/>, the tensor-core one (where it applies) at <see cref="TensorCoreTolerance"/>.</summary>
    protected override void AssertAttention(Tensor expected, Func<Tensor> attend, int tq, int d, string what)
    {
        foreach (var tensorCores in new[] { false, true })
        {
            Native.TensorCoreAttention = tensorCores;
            try
            {
                using var g = attend();
                if (tensorCores && UsesTensorCores(tq, d))
                {
                    ReportDrift(what, expected, g);
                    AssertClose(expected, g, TensorCoreTolerance, what + " (tensor cores)", scaleFloor: 1f); // max |v| = 1
                }
                else
                {
                    AssertClose(expected, g, Fp32Tolerance, what + " (fp32)");
                }
            }
            finally
            {
                Native.TensorCoreAttention = true;
            }
        }
    }

    /// <summary>Only the output [T, Hq, d] is allocated (the allocator's size classes add at most an eighth).</summary>
    protected override long AttentionWorkspaceLimit(long outputBytes) => outputBytes * 9 / 8;

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

    /// <summary>Whether <see cref="CudaBackend.Attention"/> takes the tensor-core kernel for this call.</summary>
    private bool UsesTensorCores(int tq, int d) => Native.TensorCoreAttention && Native.Info.Major >= 8 && CudaBackend.TensorCoreAttentionApplies(tq, d);

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
