using PruneBench.Abstractions.Signals;
using PruneBench.Core.Backends.Torch;
using PruneBench.Core.Tensors;
using PruneBench.Gpu.Tests.Support;

namespace PruneBench.Gpu.Tests.Ops;

/// <summary>
/// Every fused kernel of the Torch backend (Kernels/fused.cu) against the libtorch composite it replaces, on the
/// same backend and inputs (<see cref="TorchBackend.FusedKernels"/> off and on). In fp32 both are fp32 maths and
/// agree to rounding; in bf16 the kernels round where transformers' ops round, so they agree to an ulp of bf16.
/// The fp32 parity suite (kernels on, the default) checks them against the CPU as well.
/// </summary>
public abstract class TorchFusedKernelTests(IGpuBackendFixture fixture, float tolerance) : GpuTestBase(fixture)
{
    protected TorchBackend Torch => (TorchBackend)Gpu;

    /// <summary>Activation in the backend's compute type (FromHost keeps fp32; a copy into Zeros converts).</summary>
    protected Tensor Activation(float[] data, params int[] shape)
    {
        using var host = Gpu.FromHost(data, shape);
        var t = Gpu.Zeros(shape);
        var rows = shape.Length == 0 ? 1 : (int)(data.Length / shape[^1]);
        Gpu.CopyRows(host.Reshape(rows, shape[^1]), 0, t.Reshape(rows, shape[^1]), 0, rows);
        return t;
    }

    protected Tensor Weight(float[] data, params int[] shape) => BothWeight(data, shape).Gpu;

    private void Compare(Func<Tensor> op, string what) => Compare(op, what, tolerance);

    protected void Compare(Func<Tensor> op, string what, float within)
    {
        Torch.FusedKernels = false;
        float[] composite;
        using (var a = op())
        {
            composite = Gpu.ToHost(a);
        }

        Torch.FusedKernels = true;
        try
        {
            using var b = op();
            AssertClose(composite, Gpu.ToHost(b), within, $"{what} fused vs composite");
        }
        finally
        {
            Torch.FusedKernels = true;
        }
    }

    // 64 and 1 000: one column per thread; 3 584 (qwen2-7b), 5 120 (nemotron-nano-12b-v2) and 8 192: in bf16 eight
    // columns per access, the row kept in registers (t_rms_norm8_bf16); 8 200: past what it keeps, one column per thread.
    [Theory]
    [InlineData(3, 64)]
    [InlineData(4, 1000)]
    [InlineData(17, 3584)]
    [InlineData(5, 5120)]
    [InlineData(2, 8192)]
    [InlineData(2, 8200)]
    public void RmsNorm_kernel_matches_the_composite(int rows, int width)
    {
        using var x = Activation(TestData.Uniform(rows * width, 1, -3, 3), rows, width);
        using var w = Weight(TestData.Uniform(width, 2, 0.5f, 1.5f), width);
        Compare(() => Gpu.RmsNorm(x, w, 1e-6f), "RmsNorm");
    }

    // The one-block decision (blend, radix select, compacted score) against the composite (BlendScores, two sorts,
    // index_select): indices equal, with ties across the threads' runs, NaN and −0 (no −∞: there the two orders differ
    // by design, see TorchBackend.Selection); the selected scores equal up to the blend's fp64 sum order.
    [Theory]
    [InlineData(1, 1, 0f)]
    [InlineData(3000, 777, 0.5f)]
    [InlineData(16_384, 4_096, 0f)]
    [InlineData(16_384, 4_096, 0.8f)]
    public void SelectTop_kernel_selects_what_the_composite_selects(int n, int k, float beta)
    {
        var r = new Random(n);
        var scores = Enumerable.Range(0, n).Select(i => i % 61 == 0 ? float.NaN : i % 53 == 0 ? -0f : (r.Next(30) - 15) / 7f).ToArray();
        var running = Enumerable.Range(0, n).Select(_ => r.Next(30) / 7f).ToArray();
        var current = Enumerable.Range(0, n).Select(_ => r.Next(30) / 3f).ToArray();
        using var s = Gpu.FromHost(scores, n);
        using var run = Gpu.FromHost(running, n);
        using var cur = Gpu.FromHost(current, n);
        (int[] Kept, float[] Scores) Select(bool fused, Tensor? a, Tensor? b)
        {
            Torch.FusedKernels = fused;
            try
            {
                var (kept, selected) = Gpu.SelectTop(a, b, beta, k);
                using (kept)
                using (selected)
                {
                    return (Gpu.IndicesToHost(kept), Gpu.ToHost(selected));
                }
            }
            finally
            {
                Torch.FusedKernels = true;
            }
        }

        // A plain top-k (NaN and −0 among the scores), then a blend of a new score into a running one.
        var (compositeTop, _) = Select(false, s, null);
        var (kernelTop, _) = Select(true, s, null);
        Assert.Equal(compositeTop, kernelTop);
        var (compositeKept, compositeScores) = Select(false, run, cur);
        var (kernelKept, kernelScores) = Select(true, run, cur);
        Assert.Equal(compositeKept, kernelKept);
        Assert.Equal(compositeScores.Length, kernelScores.Length);
        for (var i = 0; i < k; i++)
        {
            Assert.True(Math.Abs(compositeScores[i] - kernelScores[i]) <= 1e-6f * Math.Max(1f, Math.Abs(compositeScores[i])), $"score {i}: {compositeScores[i]} vs {kernelScores[i]}");
        }
    }

    // 672 values: in bf16 eight per access (t_relu2_8_bf16); 15: both sides run relu then mul_.
    [Theory]
    [InlineData(7, 96)]
    [InlineData(3, 5)]
    public void Relu2_kernel_matches_the_composite(int rows, int width)
    {
        using var x = Activation(TestData.Uniform(rows * width, 13, -3, 3), rows, width);
        Compare(() => Gpu.Relu2(x), "Relu2");
    }

    // (rows, inner, groups, extra in-projection columns). 8 extra columns keep the slices' rows 16-byte aligned: in bf16
    // the eight-column kernel runs (group 16: a 32-thread block; nemotron-nano-12b-v2's group of 1 280: 160 threads;
    // 4 096: two vectors per thread); 3 extra columns do not, and the one-column kernel runs.
    [Theory]
    [InlineData(9, 64, 4, 8)]
    [InlineData(9, 64, 4, 3)]
    [InlineData(3, 2560, 2, 8)]
    [InlineData(2, 8192, 2, 8)]
    public void GatedRmsNorm_kernel_reads_column_slices_in_place_and_matches_the_composite(int rows, int inner, int groups, int extra)
    {
        using var proj = Activation(TestData.Uniform(rows * (2 * inner + extra), 3, -2, 2), rows, 2 * inner + extra);
        using var z = Gpu.SliceColumns(proj, 0, inner);
        using var x = Gpu.SliceColumns(proj, inner, inner);
        using var w = Weight(TestData.Uniform(inner, 4, 0.5f, 1.5f), inner);
        Compare(() => Gpu.GatedRmsNorm(x, z, w, inner / groups, 1e-5f), "GatedRmsNorm");
    }

    [Theory]
    [InlineData(11, 4, 16)]
    [InlineData(300, 28, 128)]
    public void Rope_kernel_matches_the_composite(int tokens, int heads, int d)
    {
        var data = TestData.Uniform(tokens * heads * d, 5, -2, 2);
        var invFreq = Enumerable.Range(0, d / 2).Select(i => MathF.Pow(1e6f, -2f * i / d)).ToArray();
        var positions = TestData.Ints(tokens, 100_000, 6);
        Compare(() =>
        {
            var x = Activation(data, tokens, heads, d);
            RopeAt(Gpu, x, invFreq, positions);
            return x;
        }, "Rope");
    }

    // (tokens, kernel, channels, first column of the slice, in-projection width). A 4-byte-odd slice (3 of 29) runs the
    // one-channel kernel; 8-aligned slices of an 8-aligned width with C % 8 == 0 and K ≤ 4 run the bf16 eight-channel
    // kernel (fp32 runs the one-channel kernel throughout), over one and several CONV_ROWS blocks and with T < K − 1
    // (the window starts in the state).
    [Theory]
    [InlineData(1, 4, 24, 3, 29)]
    [InlineData(2, 4, 24, 3, 29)]
    [InlineData(37, 4, 24, 3, 29)]
    [InlineData(37, 1, 24, 3, 29)]
    [InlineData(1, 4, 64, 8, 80)]
    [InlineData(2, 4, 64, 8, 80)]
    [InlineData(100, 4, 64, 8, 80)]
    [InlineData(100, 3, 40, 16, 64)]
    [InlineData(70, 2, 2056, 0, 2064)]
    [InlineData(33, 1, 16, 8, 32)]
    public void CausalConv1dSilu_kernel_reads_a_column_slice_and_rolls_the_state_like_the_composite(int tokens, int kernel, int channels, int start, int width)
    {
        using var proj = Activation(TestData.Uniform(tokens * width, 9, -2, 2), tokens, width);
        using var x = Gpu.SliceColumns(proj, start, channels);
        using var w = Weight(TestData.Uniform(channels * kernel, 10, -1, 1), channels, kernel);
        using var b = Weight(TestData.Uniform(channels, 11, -0.5f, 0.5f), channels);
        var initial = TestData.Uniform(channels * Math.Max(kernel - 1, 0), 12, -1, 1);
        float[] StateAfter(bool fused)
        {
            Torch.FusedKernels = fused;
            try
            {
                using var state = kernel == 1 ? Gpu.Zeros(channels, 0) : Activation(initial, channels, kernel - 1);
                using var y = Gpu.CausalConv1dSilu(x, w, b, state);
                return Gpu.ToHost(state);
            }
            finally
            {
                Torch.FusedKernels = true;
            }
        }

        Compare(() =>
        {
            using var state = kernel == 1 ? Gpu.Zeros(channels, 0) : Activation(initial, channels, kernel - 1);
            return Gpu.CausalConv1dSilu(x, w, b, state);
        }, "CausalConv1dSilu");
        AssertClose(StateAfter(false), StateAfter(true), tolerance, "conv state fused vs composite");
    }
}

/// <summary>fp32: kernels and composites differ only by summation order and libm.</summary>
public sealed class TorchFusedKernelFp32Tests(TorchFixture fixture) : TorchFusedKernelTests(fixture, 2e-5f);

/// <summary>
/// bf16: at most a bf16 ulp or two of the tensor's largest value (rounding points are the same; fp32 sums in another
/// order can tip a rounding). The fused SSD (bf16 only: its output product runs on tensor cores; fp32 runs the
/// composite) rounds where mamba_ssm's kernels round (decayed C·Bᵀ, decayed C, decayed B and the entering state are
/// bf16 operands of their matmuls; the chunk states stay fp32) while the composite stays fp32 to the end: a few bf16
/// ulps apart.
/// </summary>
public sealed class TorchFusedKernelBf16Tests(TorchBf16Fixture fixture) : TorchFusedKernelTests(fixture, 8e-3f)
{
    /// <summary>A few bf16 ulps of the largest |y| (see the class summary).</summary>
    private const float SsdTolerance = 2e-2f;

    [Theory]
    [InlineData(300, 8, 16, 2, 16, 32)]
    [InlineData(200, 4, 80, 2, 32, 128)]
    [InlineData(300, 16, 80, 2, 128, 128)]  // nemotron-nano-12b-v2's head dim, state and chunk (8 heads per group)
    [InlineData(333, 2, 128, 1, 128, 128)]  // the largest head dim, state and chunk t_ssd_out takes (64 accumulators, 32 C registers)
    [InlineData(600, 2, 32, 1, 16, 256)]    // Mamba2's default chunk of 256: both sides run the composite
    [InlineData(90, 2, 24, 1, 16, 32)]      // a head dim without an entry point: both sides run the composite
    [InlineData(1100, 4, 16, 2, 16, 32)]    // 35 chunks: two slices of the fused path, the last one padded
    [InlineData(40, 4, 8, 1, 16, 8)]        // a chunk the tensor-core kernel does not take: both sides run the composite
    public void SsdScan_fused_chunk_stages_match_the_composite_and_carry_the_state(int tokens, int heads, int headDim, int groups, int stateSize, int chunk)
    {
        using var x = Activation(TestData.Uniform(tokens * heads * headDim, 13, -1, 1), tokens, heads, headDim);
        using var dt = Gpu.FromHost(TestData.Uniform(tokens * heads, 14, 0.01f, 0.3f), tokens, heads);
        using var a = Gpu.FromHost(TestData.Uniform(heads, 15, -4, -0.5f), heads);
        using var b = Activation(TestData.Uniform(tokens * groups * stateSize, 16, -1, 1), tokens, groups, stateSize);
        using var c = Activation(TestData.Uniform(tokens * groups * stateSize, 17, -1, 1), tokens, groups, stateSize);
        using var d = Weight(TestData.Uniform(heads, 18, 0.5f, 1.5f), heads);
        var initial = TestData.Uniform(heads * headDim * stateSize, 19, -0.5f, 0.5f);
        float[] StateAfter(bool fused)
        {
            Torch.FusedKernels = fused;
            try
            {
                using var state = Activation(initial, heads, headDim, stateSize);
                using var y = Gpu.SsdScan(x, dt, a, b, c, d, state, chunk);
                return Gpu.ToHost(state);
            }
            finally
            {
                Torch.FusedKernels = true;
            }
        }

        Compare(() =>
        {
            using var state = Activation(initial, heads, headDim, stateSize);
            return Gpu.SsdScan(x, dt, a, b, c, d, state, chunk);
        }, "SsdScan", SsdTolerance);
        AssertClose(StateAfter(false), StateAfter(true), SsdTolerance, "SSD end state fused vs composite");
    }

    [Theory]
    [InlineData(2)]  // row starts 4-byte aligned only: the kernels copy 4 bytes at a time
    [InlineData(8)]  // 16-byte aligned: 16 bytes at a time
    public void SsdScan_fused_reads_x_B_C_as_column_slices_of_the_conv_output_like_the_composite(int offset)
    {
        // As Mamba2Mixer passes them: x, B, C are column slices of one [T, offset + I + 2·G·N] projection.
        const int tokens = 200, heads = 4, headDim = 16, groups = 2, stateSize = 16, chunk = 32;
        const int inner = heads * headDim, gn = groups * stateSize;
        var width = offset + inner + 2 * gn;
        using var proj = Activation(TestData.Uniform(tokens * width, 21, -1, 1), tokens, width);
        using var xs = Gpu.SliceColumns(proj, offset, inner);
        using var bs = Gpu.SliceColumns(proj, offset + inner, gn);
        using var cs = Gpu.SliceColumns(proj, offset + inner + gn, gn);
        using var dt = Gpu.FromHost(TestData.Uniform(tokens * heads, 22, 0.01f, 0.3f), tokens, heads);
        using var a = Gpu.FromHost(TestData.Uniform(heads, 23, -4, -0.5f), heads);
        using var d = Weight(TestData.Uniform(heads, 24, 0.5f, 1.5f), heads);
        var initial = TestData.Uniform(heads * headDim * stateSize, 25, -0.5f, 0.5f);
        Compare(() =>
        {
            using var state = Activation(initial, heads, headDim, stateSize);
            return Gpu.SsdScan(xs.Reshape(tokens, heads, headDim), dt, a, bs.Reshape(tokens, groups, stateSize), cs.Reshape(tokens, groups, stateSize), d, state, chunk);
        }, "SsdScan on column slices", SsdTolerance);
    }
    // Mamba2's dt in one kernel (t_dt_softplus) against the casts, add, softplus and clamp: dt read as the column slice of
    // the in-projection Mamba2Mixer passes; raw values up to 30 cross softplus's linear threshold (20), a finite upper
    // clamp cuts some; 128 heads as nemotron-nano-12b-v2. Same fp32 maths: exact.
    [Theory]
    [InlineData(37, 128, 0f, float.PositiveInfinity)]
    [InlineData(5, 7, 0.01f, 12f)]
    public void DtSoftplus_kernel_reads_the_slice_and_matches_the_composite(int tokens, int heads, float min, float max)
    {
        const int offset = 40;
        var width = offset + heads + 3;
        using var proj = Activation(TestData.Uniform(tokens * width, 51, -30, 30), tokens, width);
        using var raw = Gpu.SliceColumns(proj, offset, heads);
        using var bias = Weight(TestData.Uniform(heads, 52, -4, 2), heads);
        Compare(() => Gpu.DtSoftplus(raw, bias, min, max), "DtSoftplus", 0f);
    }

    // Stateful's default Mamba score (no decay, |·|) in one kernel (t_implicit_nodecay_abs) against the composite, with B
    // and C read as column slices of one projection as Mamba2Mixer passes them. Queries inside the visual columns
    // exercise the causal mask; 40 columns leave a partial block of 32; nemotron-nano-12b-v2's groups of 128 with
    // 16 heads each, and a suffix of 24 query rows (three batches of eight), as its short path asks at every Mamba
    // layer; 10 groups of 12 (two rounds of eight warps, the second partial; rows not in 16-byte loads) with 9 queries.
    [Theory]
    [InlineData(120, 2, 16, 4, 10, 40, new[] { 3, 20, 31, 49, 50, 100, 119 })]
    [InlineData(90, 10, 12, 20, 5, 70, new[] { 5, 40, 75, 80, 85, 86, 87, 88, 89 })]
    [InlineData(700, 8, 128, 128, 40, 640, new[] { 680, 681, 682, 683, 684, 685, 686, 687, 688, 689, 690, 691, 692, 693, 694, 695, 696, 697, 698, 699, 100, 300, 500, 679 })]
    public void ImplicitAttention_kernel_reads_B_C_slices_and_matches_the_composite(int tokens, int groups, int stateSize, int heads, int colStart, int colCount, int[] queries)
    {
        const int offset = 24;
        var gn = groups * stateSize;
        var width = offset + 2 * gn;
        using var proj = Activation(TestData.Uniform(tokens * width, 31, -1, 1), tokens, width);
        using var b = Gpu.SliceColumns(proj, offset, gn);
        using var c = Gpu.SliceColumns(proj, offset + gn, gn);
        using var dt = Gpu.FromHost(TestData.Uniform(tokens * heads, 32, -0.05f, 0.3f), tokens, heads);
        using var a = Gpu.FromHost(TestData.Uniform(heads, 33, -4, -0.5f), heads);
        Compare(() => Gpu.ImplicitAttention(b.Reshape(tokens, groups, stateSize), c.Reshape(tokens, groups, stateSize), dt, a, queries, colStart, colCount,
            ImplicitVariant.NoDecay, ScoreTransform.Abs), "ImplicitAttention no-decay |·|", 1e-4f);
    }
    // One-pass compaction (t_compact_rows16) against index_select + cat, exact: rows before and after the run, none
    // kept, all kept; 3 584 columns (qwen2-7b's hidden rows); 12 columns are not whole 16-byte vectors in bf16, and
    // the composite runs on both sides.
    [Theory]
    [InlineData(5, 300, 77, 9, 3584)]
    [InlineData(0, 40, 40, 0, 64)]
    [InlineData(3, 40, 0, 2, 64)]
    [InlineData(4, 30, 11, 5, 12)]
    public void CompactRows_kernel_keeps_what_the_composite_keeps(int before, int count, int keep, int after, int width)
    {
        var rows = before + count + after;
        using var x = Activation(TestData.Uniform(rows * width, 41, -2, 2), rows, width);
        using var scores = Gpu.FromHost(TestData.Uniform(count, 42), count);
        var (kept, selected) = Gpu.SelectTop(scores, null, 0, keep);
        using (kept)
        using (selected)
        {
            Compare(() => Gpu.CompactRows(x, kept, before, count), "CompactRows", 0f);
        }
    }

    // The residual add fused with the compaction after it (t_add_compact_rows16) against Add then CompactRows, exact (the
    // same fp32 sum, rounded once): rows around the run, none kept, all kept; 5 120 columns (nemotron-nano-12b-v2's
    // hidden rows); 12 columns are not whole 16-byte vectors in bf16, and the composite runs on both sides.
    [Theory]
    [InlineData(5, 300, 77, 9, 5120)]
    [InlineData(0, 40, 40, 0, 64)]
    [InlineData(3, 40, 0, 2, 64)]
    [InlineData(4, 30, 11, 5, 12)]
    public void AddCompactRows_kernel_matches_add_then_compact(int before, int count, int keep, int after, int width)
    {
        var rows = before + count + after;
        var xs = TestData.Uniform(rows * width, 43, -2, 2);
        using var y = Activation(TestData.Uniform(rows * width, 44, -2, 2), rows, width);
        using var scores = Gpu.FromHost(TestData.Uniform(count, 45), count);
        var (kept, selected) = Gpu.SelectTop(scores, null, 0, keep);
        using (kept)
        using (selected)
        {
            // A fresh x for each side: the composite adds into it.
            Compare(() =>
            {
                using var x = Activation(xs, rows, width);
                return Gpu.AddCompactRows(x, y, kept, before, count);
            }, "AddCompactRows", 0f);
        }
    }
}

