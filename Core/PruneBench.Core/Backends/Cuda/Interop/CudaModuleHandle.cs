using Microsoft.Win32.SafeHandles;

namespace PruneBench.Core.Backends.Cuda.Interop;

/// <summary>A loaded CUmodule (cuModuleUnload on release).</summary>
internal sealed class CudaModuleHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    private readonly nint _context;

    internal CudaModuleHandle(nint handle, nint context) : base(ownsHandle: true)
    {
        SetHandle(handle);
        _context = context;
    }

    protected override bool ReleaseHandle()
    {
        using (PushedContext.Push(_context))
        {
            return CudaDriver.cuModuleUnload(handle) == CuResult.Success;
        }
    }
}
