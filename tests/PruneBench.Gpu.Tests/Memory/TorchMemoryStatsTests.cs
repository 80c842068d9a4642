using PruneBench.Gpu.Tests.Support;

namespace PruneBench.Gpu.Tests.Memory;

/// <summary>
/// The Torch backend's memory statistics, read from the driver's pool under libtorch's cudaMallocAsync allocator:
/// used bytes follow live tensors, the peak holds until reset (results rows report this peak).
/// </summary>
public sealed class TorchMemoryStatsTests(TorchFixture fixture) : GpuTestBase(fixture)
{
    /// <summary>Slack for the pool's own rounding of a request; far below the 4 MiB tensors used here.</summary>
    private const long Rounding = 1L << 20;

    [Fact]
    public void Used_and_peak_memory_follow_live_tensors()
    {
        RequireMemoryStats();
        Gpu.Synchronize();
        var baseline = Gpu.Memory.UsedBytes;
        Gpu.ResetPeakMemory();
        using (var a = Gpu.Zeros(1 << 20))
        using (var b = Gpu.Zeros(1 << 20))
        {
            Gpu.Synchronize();
            Assert.InRange(Gpu.Memory.UsedBytes - baseline, 8L << 20, (8L << 20) + Rounding);
        }

        Gpu.Synchronize();
        Assert.InRange(Gpu.Memory.UsedBytes - baseline, 0, Rounding);
        Assert.InRange(Gpu.Memory.PeakBytes - baseline, 8L << 20, (8L << 20) + Rounding);
        Gpu.ResetPeakMemory();
        Assert.InRange(Gpu.Memory.PeakBytes - baseline, 0, Rounding);
    }
}
