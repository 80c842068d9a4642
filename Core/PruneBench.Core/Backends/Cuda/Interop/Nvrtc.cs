using System.Runtime.InteropServices;

namespace PruneBench.Core.Backends.Cuda.Interop;

/// <summary>NVRTC (libnvrtc.so.13 / .12): runtime compilation of the embedded kernel sources.</summary>
internal static unsafe partial class Nvrtc
{
    private const string Lib = CudaLibraryResolver.Nvrtc;

    [LibraryImport(Lib)]
    internal static partial nint nvrtcGetErrorString(NvrtcResult result);

    [LibraryImport(Lib)]
    internal static partial NvrtcResult nvrtcVersion(out int major, out int minor);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial NvrtcResult nvrtcCreateProgram(out nint program, string source, string name, int headerCount, nint headers, nint includeNames);

    [LibraryImport(Lib)]
    internal static partial NvrtcResult nvrtcDestroyProgram(ref nint program);

    [LibraryImport(Lib)]
    internal static partial NvrtcResult nvrtcCompileProgram(nint program, int optionCount, nint* options);

    [LibraryImport(Lib)]
    internal static partial NvrtcResult nvrtcGetProgramLogSize(nint program, out nuint size);

    [LibraryImport(Lib)]
    internal static partial NvrtcResult nvrtcGetProgramLog(nint program, byte* log);

    [LibraryImport(Lib)]
    internal static partial NvrtcResult nvrtcGetCUBINSize(nint program, out nuint size);

    [LibraryImport(Lib)]
    internal static partial NvrtcResult nvrtcGetCUBIN(nint program, byte* cubin);
}
