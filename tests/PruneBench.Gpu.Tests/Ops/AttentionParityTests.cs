using System.Globalization;
using PruneBench.Core.Tensors;
using PruneBench.Gpu.Tests.Support;

namespace PruneBench.Gpu.Tests.Ops;

/// <summary>
/// Causal attention and the query-row attention signal against the CPU's exact fp32 softmax, written once and
/// run per backend (<see cref="NativeAttentionParityTests"/>: both kernels; <see cref="TorchAttentionParityTests"/>:
/// SDPA in fp32, with ToMe's key bias folded into padded head dimensions). Each backend says how its outputs
/// compare (<see cref="AssertAttention"/>) — the derivations of the bf16 tolerances are in the native class.
/// fp32 paths differ from the CPU only by summation order and the online rescaling: <see cref="Fp32Tolerance"/> =
/// 2e-4 of the largest magnitude (5000 keys: 5000·2⁻²⁴ ≈ 3e-4 worst case, random-sign far less).
/// </summary>
public abstract class AttentionParityTests(IGpuBackendFixture fixture) : GpuTestBase(fixture)
{
    protected const float Fp32Tolerance = 2e-4f;

    /// <summary>
    /// Asserts the device's attention against the CPU's <paramref name="expected"/> in every mode the backend has;
    /// <paramref name="attend"/> runs the op once and returns a tensor the implementation disposes.
    /// </summary>
    protected abstract void AssertAttention(Tensor expected, Func<Tensor> attend, int tq, int d, string what);

    /// <summary>Bytes beyond its inputs one prefill attention may allocate, given its output's <paramref name="outputBytes"/>.</summary>
    protected abstract long AttentionWorkspaceLimit(long outputBytes);

    [Theory]
    // tq, kvLength, queryOffset, capacity, hq, hkv, d, keyBias
    [InlineData(1, 1, 0, 1, 1, 1, 2, false)]
    [InlineData(2, 2, 0, 2, 1, 1, 8, false)]        // smallest tensor-core head (padded to 16)
    [InlineData(7, 7, 0, 9, 4, 2, 16, false)]
    [InlineData(33, 33, 0, 33, 4, 1, 64, true)]
    [InlineData(1, 50, 49, 64, 8, 2, 128, false)]   // decode step
    [InlineData(1, 77, 76, 80, 4, 2, 64, true)]     // decode step with ToMe's key bias
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
    [InlineData(1100, 1500, 400, 1500, 2, 1, 64, true)] // queries inside the cache, more than one 1024-row block of an explicit mask
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
            AssertAttention(c, () => Gpu.Attention(gq, gk, gv, kvLength, queryOffset, keyBias ? gb : null), tq, d,
                $"Attention tq={tq} kv={kvLength} off={queryOffset} {hq}/{hkv}×{d}");
        }
    }

    [Fact]
    public void Attention_memory_does_not_grow_with_the_square_of_the_sequence()
    {
        const int t = 8192, hq = 4, hkv = 2, d = 64;
        using var q = Gpu.FromHost(TestData.Uniform(t * hq * d, 1), t, hq, d);
        using var k = Gpu.FromHost(TestData.Uniform(t * hkv * d, 2), t, hkv, d);
        using var v = Gpu.FromHost(TestData.Uniform(t * hkv * d, 3), t, hkv, d);
        RequireMemoryStats();
        Gpu.Synchronize();
        Gpu.ResetPeakMemory();
        var before = Gpu.Memory.UsedBytes;
        using var y = Gpu.Attention(q, k, v, t, 0, null);
        Gpu.Synchronize();
        var extra = Gpu.Memory.PeakBytes - before;
        // A T×T fp32 score matrix per head would be 4·T²·Hq = 1 GiB; the limit is a small multiple of the output
        // [T, Hq, d] and must stay below a quarter of that to tell linear from quadratic memory.
        var limit = AttentionWorkspaceLimit((long)t * hq * d * 4);
        Assert.True(limit < (long)t * t * hq, $"limit {limit} does not separate linear from quadratic memory");
        Assert.True(extra <= limit, $"attention allocated {extra} bytes beyond its inputs (limit {limit})");
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
        var ms = TimeMilliseconds(() => y = Gpu.Attention(q, k, v, t, 0, null));
        using (y)
        {
            var flops = 4.0 * hq * d * t * (t + 1.0) / 2;
            GpuReport.Timing($"{DeviceLabel} attention prefill T={t}, {hq} heads/{hkv} kv, d={d}", ms, string.Create(CultureInfo.InvariantCulture, $"{flops / ms / 1e9:F2} TFLOP/s (causal)"));
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
}
