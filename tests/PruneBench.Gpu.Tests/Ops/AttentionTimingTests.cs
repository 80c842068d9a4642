using System.Globalization;
using PruneBench.Core.Tensors;
using PruneBench.Gpu.Tests.Support;

namespace PruneBench.Gpu.Tests.Ops;

/// <summary>
/// Prefill attention of a real-sized layer (40 query heads, 8 KV heads, d = 128, as Nemotron-Nano-12B-v2)
/// on the tensor-core kernel and on the fp32 CUDA-core kernel: both timed (docs/gpu.md records the numbers),
/// and the two outputs must agree within the bf16 tolerance of <see cref="AttentionParityTests"/> for
/// inputs that are not bf16-exact — at a length the O(T²) CPU reference cannot reach.
/// </summary>
public sealed class AttentionTimingTests(CudaFixture fixture) : CudaTestBase(fixture)
{
    private const int QueryHeads = 40, KvHeads = 8, HeadDim = 128;

    [Theory]
    [InlineData(16_384)]
    [InlineData(65_536)]
    public void Tensor_core_prefill_attention_is_timed_against_the_fp32_kernel_and_agrees_with_it(int t)
    {
        var gpu = Gpu;
        var debug = gpu.SynchronizeAfterEachOp;
        gpu.SynchronizeAfterEachOp = false; // timed: one kernel between two events
        try
        {
            using var q = gpu.FromHost(Values((long)t * QueryHeads * HeadDim, 1, 2f), t, QueryHeads, HeadDim);
            using var k = gpu.FromHost(Values((long)t * KvHeads * HeadDim, 2, 2f), t, KvHeads, HeadDim);
            using var v = gpu.FromHost(Values((long)t * KvHeads * HeadDim, 3, 1f), t, KvHeads, HeadDim);
            var flops = 4.0 * QueryHeads * HeadDim * t * (t + 1.0) / 2; // Q·Kᵀ and P·V over the causal half

            gpu.Attention(q, k, v, t, 0, null).Dispose(); // warm-up: compilation, allocator
            Tensor? fast = null;
            var fastMs = gpu.TimeMilliseconds(() => fast = gpu.Attention(q, k, v, t, 0, null));
            using (fast)
            {
                Tensor? slow = null;
                gpu.TensorCoreAttention = false;
                float slowMs;
                try
                {
                    slowMs = gpu.TimeMilliseconds(() => slow = gpu.Attention(q, k, v, t, 0, null));
                }
                finally
                {
                    gpu.TensorCoreAttention = true;
                }

                using (slow)
                {
                    var what = $"prefill attention T={t}, {QueryHeads} q heads/{KvHeads} kv heads, d={HeadDim}";
                    GpuReport.Timing(what + ", tensor cores (bf16 mma)", fastMs, Rate(flops, fastMs));
                    GpuReport.Timing(what + ", fp32 CUDA cores", slowMs, Rate(flops, slowMs));
                    var drift = RelativeDifference(gpu.ToHost(slow!), gpu.ToHost(fast!));
                    GpuReport.Line(string.Create(CultureInfo.InvariantCulture, $"drift (tensor cores vs fp32 kernel), {what}: {drift:0.00e0} of max |out|, speed-up {slowMs / fastMs:F1}×"));
                    Assert.True(drift <= 1.5e-2f, $"tensor-core and fp32 attention differ by {drift} of max |out|");
                    Assert.True(fastMs < slowMs, $"tensor-core attention ({fastMs} ms) is not faster than the fp32 kernel ({slowMs} ms)");
                }
            }
        }
        finally
        {
            gpu.SynchronizeAfterEachOp = debug;
            gpu.ReleaseCachedMemory();
        }
    }

    private static string Rate(double flops, double ms) => string.Create(CultureInfo.InvariantCulture, $"{flops / ms / 1e9:F1} TFLOP/s (causal)");

    /// <summary>Uniform values in [−range, range) from a cheap counter hash (hundreds of millions of them), not bf16-exact.</summary>
    private static float[] Values(long n, int seed, float range)
    {
        var v = new float[n];
        Parallel.For(0, (n + 65535) / 65536, block =>
        {
            var end = Math.Min(n, (block + 1) * 65536);
            for (var i = block * 65536; i < end; i++)
            {
                var x = (ulong)i + ((ulong)seed << 40);
                x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9UL;
                x = (x ^ (x >> 27)) * 0x94d049bb133111ebUL;
                x ^= x >> 31;
                v[i] = range * ((2f * (x >> 40) / (1 << 24)) - 1f);
            }
        });
        return v;
    }
}
