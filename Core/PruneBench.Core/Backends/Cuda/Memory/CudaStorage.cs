using PruneBench.Core.Backends.Cuda.Interop;
using PruneBench.Core.Tensors;

namespace PruneBench.Core.Backends.Cuda.Memory;

/// <summary>A tensor's device memory: a block of the caching allocator (pointer 0 for empty tensors); disposing returns the block.</summary>
internal sealed class CudaStorage : TensorStorage
{
    private readonly CudaDeviceAllocator? _allocator;
    private readonly DeviceMemoryHandle? _block;
    private readonly long _blockBytes;

    internal CudaStorage(CudaDeviceAllocator? allocator, DeviceMemoryHandle? block, long bytes, long blockBytes)
    {
        _allocator = allocator;
        _block = block;
        Bytes = bytes;
        _blockBytes = blockBytes;
        Pointer = block?.DangerousGetHandle() ?? 0;
    }

    /// <summary>Device address of element 0.</summary>
    internal nint Pointer { get; }

    public override long Bytes { get; }

    protected override void Release()
    {
        if (_block is not null)
        {
            _allocator!.Return(_block, _blockBytes);
        }
    }
}
