using System.Numerics;
using PruneBench.Core.Backends.Cuda.Interop;

namespace PruneBench.Core.Backends.Cuda.Memory;

/// <summary>
/// Caching device allocator: freed blocks go to a free list per size class and are handed out again
/// without cuMemAlloc (all work is on one stream, so a block freed on the host after its last kernel was
/// queued can be reused by the next kernel in stream order). Size classes: powers of two up to 1 MiB,
/// then eighths of a power of two (waste ≤ 12.5 %). When cuMemAlloc runs out, the cache is released and
/// the allocation retried once; then <see cref="DeviceOutOfMemoryException"/>.
/// Used/peak count the size-class bytes of blocks held by live tensors.
/// </summary>
internal sealed class CudaDeviceAllocator : IDisposable
{
    private readonly nint _context;
    private readonly Lock _gate = new();
    private readonly Dictionary<long, Stack<DeviceMemoryHandle>> _free = [];
    private long _used;
    private long _peak;
    private long _cached;

    internal CudaDeviceAllocator(nint context) => _context = context;

    internal MemoryStats Stats
    {
        get
        {
            lock (_gate)
            {
                return new MemoryStats(_used, _peak);
            }
        }
    }

    /// <summary>Bytes sitting in the free lists.</summary>
    internal long CachedBytes
    {
        get
        {
            lock (_gate)
            {
                return _cached;
            }
        }
    }

    internal static long SizeClass(long bytes)
    {
        if (bytes <= 512)
        {
            return 512;
        }

        var pow = (long)BitOperations.RoundUpToPowerOf2((ulong)bytes);
        if (pow <= 1L << 20)
        {
            return pow;
        }

        var step = pow / 16; // eighths of the power of two at or below bytes
        return (bytes + step - 1) / step * step;
    }

    internal CudaStorage Allocate(long bytes)
    {
        if (bytes == 0)
        {
            return new CudaStorage(null, null, 0, 0);
        }

        var size = SizeClass(bytes);
        lock (_gate)
        {
            if (_free.TryGetValue(size, out var list) && list.Count > 0)
            {
                _cached -= size;
                return Hand(list.Pop(), bytes, size);
            }

            var result = CudaDriver.cuMemAlloc(out var pointer, (nuint)size);
            if (result == CuResult.ErrorOutOfMemory)
            {
                ReleaseCachedLocked();
                result = CudaDriver.cuMemAlloc(out pointer, (nuint)size);
                if (result == CuResult.ErrorOutOfMemory)
                {
                    CudaDriver.cuMemGetInfo(out var free, out var total);
                    throw new DeviceOutOfMemoryException(
                        $"CUDA out of memory: {bytes} bytes requested ({size} with rounding), {free} of {total} bytes free on the device, " +
                        $"{_used} bytes held by live tensors of this backend.");
                }
            }

            CudaStatus.ThrowIfFailed(result, $"cuMemAlloc({size})");
            return Hand(new DeviceMemoryHandle(pointer, _context), bytes, size);
        }
    }

    internal void Return(DeviceMemoryHandle block, long size)
    {
        lock (_gate)
        {
            _used -= size;
            if (block.IsClosed)
            {
                return;
            }

            if (!_free.TryGetValue(size, out var list))
            {
                _free[size] = list = new Stack<DeviceMemoryHandle>();
            }

            list.Push(block);
            _cached += size;
        }
    }

    internal void ResetPeak()
    {
        lock (_gate)
        {
            _peak = _used;
        }
    }

    /// <summary>Frees every cached block (cuMemFree); live tensors are unaffected.</summary>
    internal void ReleaseCached()
    {
        lock (_gate)
        {
            ReleaseCachedLocked();
        }
    }

    public void Dispose() => ReleaseCached();

    private CudaStorage Hand(DeviceMemoryHandle block, long bytes, long size)
    {
        _used += size;
        _peak = Math.Max(_peak, _used);
        return new CudaStorage(this, block, bytes, size);
    }

    private void ReleaseCachedLocked()
    {
        // Blocks may still be read by queued kernels: wait before giving them back to the driver.
        CudaDriver.cuCtxSynchronize();
        foreach (var list in _free.Values)
        {
            while (list.Count > 0)
            {
                list.Pop().Dispose();
            }
        }

        _free.Clear();
        _cached = 0;
    }
}
