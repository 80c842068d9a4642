using PruneBench.Core.Backends;
using PruneBench.Gpu.Tests.Support;

namespace PruneBench.Gpu.Tests.Memory;

/// <summary>The caching allocator on the device: reuse without cuMemAlloc, used/peak accounting, typed out-of-memory.</summary>
public sealed class AllocatorTests(CudaFixture fixture) : CudaTestBase(fixture)
{
    [Fact]
    public void A_freed_block_is_cached_and_reused_for_the_same_size_class()
    {
        var gpu = Gpu;
        gpu.ReleaseCachedMemory();
        var t = gpu.Zeros(1000, 1000);
        t.Dispose();
        var cached = gpu.CachedBytes;
        Assert.True(cached >= 4_000_000);
        using var again = gpu.Zeros(999, 1001);
        Assert.Equal(cached - gpu.CachedBytes, cached);
    }

    [Fact]
    public void Used_and_peak_memory_follow_live_tensors()
    {
        var gpu = Gpu;
        gpu.Synchronize();
        var baseline = gpu.Memory.UsedBytes;
        gpu.ResetPeakMemory();
        using (var a = gpu.Zeros(1 << 20))
        using (var b = gpu.Zeros(1 << 20))
        {
            Assert.Equal(baseline + (8L << 20), gpu.Memory.UsedBytes);
        }

        Assert.Equal(baseline, gpu.Memory.UsedBytes);
        Assert.Equal(baseline + (8L << 20), gpu.Memory.PeakBytes);
        gpu.ResetPeakMemory();
        Assert.Equal(baseline, gpu.Memory.PeakBytes);
    }

    [Fact]
    public void Out_of_memory_is_a_typed_error_and_the_backend_stays_usable()
    {
        var gpu = Gpu;
        var e = Assert.Throws<DeviceOutOfMemoryException>(() => gpu.Zeros(1 << 20, 1 << 20)); // 4 TiB
        Assert.Contains("bytes free", e.Message, StringComparison.Ordinal);
        using var small = gpu.FromHost([1f, 2f, 3f], 3);
        Assert.Equal([1f, 2f, 3f], gpu.ToHost(small));
    }
}
