using Microsoft.Win32.SafeHandles;

namespace PruneBench.Core.Backends.Cuda.Interop;

/// <summary>Page-locked host memory from cuMemAllocHost (cuMemFreeHost on release).</summary>
internal sealed class PinnedHostMemoryHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    private readonly nint _context;

    internal PinnedHostMemoryHandle(nint handle, nint context) : base(ownsHandle: true)
    {
        SetHandle(handle);
        _context = context;
    }

    protected override bool ReleaseHandle()
    {
        using (PushedContext.Push(_context))
        {
            return CudaDriver.cuMemFreeHost(handle) == CuResult.Success;
        }
    }
}
