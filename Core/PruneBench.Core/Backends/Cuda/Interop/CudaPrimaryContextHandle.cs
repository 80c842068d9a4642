using Microsoft.Win32.SafeHandles;

namespace PruneBench.Core.Backends.Cuda.Interop;

/// <summary>A retained primary context of one device (cuDevicePrimaryCtxRelease on release).</summary>
internal sealed class CudaPrimaryContextHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    internal CudaPrimaryContextHandle(nint handle, int device) : base(ownsHandle: true)
    {
        SetHandle(handle);
        Device = device;
    }

    /// <summary>The CUdevice the context belongs to.</summary>
    internal int Device { get; }

    protected override bool ReleaseHandle() => CudaDriver.cuDevicePrimaryCtxRelease(Device) == CuResult.Success;
}
