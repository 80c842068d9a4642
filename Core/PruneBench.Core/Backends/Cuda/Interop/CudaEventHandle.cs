using Microsoft.Win32.SafeHandles;

namespace PruneBench.Core.Backends.Cuda.Interop;

/// <summary>A CUevent (cuEventDestroy on release).</summary>
internal sealed class CudaEventHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    private readonly nint _context;

    internal CudaEventHandle(nint handle, nint context) : base(ownsHandle: true)
    {
        SetHandle(handle);
        _context = context;
    }

    protected override bool ReleaseHandle()
    {
        using (PushedContext.Push(_context))
        {
            return CudaDriver.cuEventDestroy(handle) == CuResult.Success;
        }
    }
}
