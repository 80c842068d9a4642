using Microsoft.Win32.SafeHandles;

namespace PruneBench.Core.Backends.Cuda.Interop;

/// <summary>A cublasHandle_t (cublasDestroy on release).</summary>
internal sealed class CublasHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    private readonly nint _context;

    internal CublasHandle(nint handle, nint context) : base(ownsHandle: true)
    {
        SetHandle(handle);
        _context = context;
    }

    protected override bool ReleaseHandle()
    {
        using (PushedContext.Push(_context))
        {
            return Cublas.cublasDestroy(handle) == CublasStatus.Success;
        }
    }
}
