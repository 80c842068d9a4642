using PruneBench.Core.Backends.Cuda.Memory;

namespace PruneBench.Gpu.Tests.Memory;

/// <summary>The caching allocator's size classes: never smaller than asked, bounded waste, few distinct classes.</summary>
public sealed class SizeClassTests
{
    [Theory]
    [InlineData(1L)]
    [InlineData(512L)]
    [InlineData(513L)]
    [InlineData(1L << 20)]
    [InlineData((1L << 20) + 1)]
    [InlineData(3_000_000L)]
    [InlineData(24L << 30)]
    public void A_class_holds_the_request_and_wastes_at_most_an_eighth_above_one_MiB(long bytes)
    {
        var size = CudaDeviceAllocator.SizeClass(bytes);
        Assert.True(size >= bytes);
        if (bytes > 1L << 20)
        {
            Assert.True(size - bytes <= bytes / 8, $"{bytes} → {size}");
        }
        else
        {
            Assert.True(size < Math.Max(1024, 2 * bytes), $"{bytes} → {size}");
        }
    }

    [Fact]
    public void Classes_are_monotone_and_idempotent()
    {
        var previous = 0L;
        for (var bytes = 1L; bytes < 1L << 34; bytes = (bytes * 5 / 4) + 1)
        {
            var size = CudaDeviceAllocator.SizeClass(bytes);
            Assert.True(size >= previous);
            Assert.Equal(size, CudaDeviceAllocator.SizeClass(size));
            previous = size;
        }
    }
}
