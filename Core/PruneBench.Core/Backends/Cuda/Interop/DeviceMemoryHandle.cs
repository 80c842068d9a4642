using Microsoft.Win32.SafeHandles;

namespace PruneBench.Core.Backends.Cuda.Interop;

/// <summary>One device allocation from cuMemAlloc (cuMemFree on release); owned by CudaDeviceAllocator.</summary>
internal sealed class DeviceMemoryHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    private readonly nint _context;

    internal DeviceMemoryHandle(nint handle, nint context) : base(ownsHandle: true)
    {
        SetHandle(handle);
        _context = context;
    }

    protected override bool ReleaseHandle()
    {
        using (PushedContext.Push(_context))
        {
            return CudaDriver.cuMemFree(handle) == CuResult.Success;
        }
    }
}
