using PruneBench.Core.Backends.Cuda.Interop;

namespace PruneBench.Core.Backends.Torch;

/// <summary>
/// Allocated bytes of libtorch's stream-ordered allocator (<see cref="LibTorchRuntime.AllocatorConfig"/>), read
/// from the device's default memory pool through the driver: current use and the high-water mark, which the
/// driver resets on request. This is the number PyTorch calls max_memory_allocated, measured by the driver
/// instead of by the framework. When the pool is not in use (another allocator was configured through
/// PYTORCH_CUDA_ALLOC_CONF) <see cref="Available"/> is false and memory reads as zero.
/// </summary>
internal sealed class DevicePoolMemory
{
    private readonly nint _pool;
    private long _baseline;

    private DevicePoolMemory(nint pool) => _pool = pool;

    /// <summary>True when the pool answers (the allocator is libtorch's cudaMallocAsync backend).</summary>
    public bool Available => _pool != 0;

    /// <summary>A reader that measures nothing (libtorch does not allocate from the pool).</summary>
    public static DevicePoolMemory Unavailable => new(0);

    /// <summary>Opens the default pool of <paramref name="ordinal"/>; an unusable driver gives an unavailable reader.</summary>
    public static DevicePoolMemory Open(int ordinal)
    {
        if (!CudaLibraryResolver.TryLoad(CudaLibraryResolver.Driver, out _, out _)
            || CudaDriver.cuDeviceGet(out var device, ordinal) != CuResult.Success
            || CudaDriver.cuDeviceGetDefaultMemPool(out var pool, device) != CuResult.Success)
        {
            return Unavailable;
        }

        // Keep freed memory in the pool across synchronisations (the default threshold 0 hands it back to the
        // driver at every sync, and the next prefill pays for the allocations again), as PyTorch's caching allocator does.
        var keep = ulong.MaxValue;
        _ = CudaDriver.cuMemPoolSetAttribute(pool, CudaDriver.MemPoolAttributeReleaseThreshold, ref keep);
        return new DevicePoolMemory(pool);
    }

    /// <summary>Bytes counted from now on are the backend's own (weights included); earlier use (another process, cuBLAS init) is excluded.</summary>
    public void SetBaseline() => _baseline = Read(CudaDriver.MemPoolAttributeUsedMemCurrent);

    /// <summary>Used and peak bytes above the baseline.</summary>
    public MemoryStats Stats => Available
        ? new MemoryStats(Math.Max(0, Read(CudaDriver.MemPoolAttributeUsedMemCurrent) - _baseline), Math.Max(0, Read(CudaDriver.MemPoolAttributeUsedMemHigh) - _baseline))
        : default;

    /// <summary>Starts a new peak window at the current use.</summary>
    public void ResetPeak()
    {
        if (Available)
        {
            ulong zero = 0;
            _ = CudaDriver.cuMemPoolSetAttribute(_pool, CudaDriver.MemPoolAttributeUsedMemHigh, ref zero);
        }
    }

    private long Read(int attribute) =>
        Available && CudaDriver.cuMemPoolGetAttribute(_pool, attribute, out var v) == CuResult.Success ? (long)v : 0;
}
