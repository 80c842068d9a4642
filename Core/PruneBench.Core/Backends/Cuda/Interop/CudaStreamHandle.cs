using Microsoft.Win32.SafeHandles;

namespace PruneBench.Core.Backends.Cuda.Interop;

/// <summary>A CUstream (cuStreamDestroy on release).</summary>
internal sealed class CudaStreamHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    private readonly nint _context;

    internal CudaStreamHandle(nint handle, nint context) : base(ownsHandle: true)
    {
        SetHandle(handle);
        _context = context;
    }

    protected override bool ReleaseHandle()
    {
        using (PushedContext.Push(_context))
        {
            return CudaDriver.cuStreamDestroy(handle) == CuResult.Success;
        }
    }
}
