using Microsoft.Win32.SafeHandles;

namespace PruneBench.Core.Backends.Cuda.Interop;

/// <summary>An nvrtcProgram (nvrtcDestroyProgram on release).</summary>
internal sealed class NvrtcProgramHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    internal NvrtcProgramHandle(nint handle) : base(ownsHandle: true) => SetHandle(handle);

    protected override bool ReleaseHandle()
    {
        var p = handle;
        return Nvrtc.nvrtcDestroyProgram(ref p) == NvrtcResult.Success;
    }
}
