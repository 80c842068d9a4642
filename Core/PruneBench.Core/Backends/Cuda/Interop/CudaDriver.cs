using System.Runtime.InteropServices;

namespace PruneBench.Core.Backends.Cuda.Interop;

/// <summary>The CUDA driver API (libcuda.so.1), exact exported names (the _v2 entry points where the header maps to them).</summary>
internal static unsafe partial class CudaDriver
{
    private const string Lib = CudaLibraryResolver.Driver;

    internal const int AttributeMaxThreadsPerBlock = 1;
    internal const int AttributeMaxSharedMemoryPerBlockOptin = 97;
    internal const int AttributeMultiprocessorCount = 16;
    internal const int AttributeComputeCapabilityMajor = 75;
    internal const int AttributeComputeCapabilityMinor = 76;

    internal const int FunctionAttributeLocalSizeBytes = 3;
    internal const int FunctionAttributeNumRegs = 4;
    internal const int FunctionAttributeMaxDynamicSharedSizeBytes = 8;

    internal const uint StreamNonBlocking = 1;
    internal const uint EventDefault = 0;

    [LibraryImport(Lib)]
    internal static partial CuResult cuInit(uint flags);

    [LibraryImport(Lib)]
    internal static partial CuResult cuDriverGetVersion(out int version);

    [LibraryImport(Lib)]
    internal static partial CuResult cuGetErrorName(CuResult error, out nint name);

    [LibraryImport(Lib)]
    internal static partial CuResult cuGetErrorString(CuResult error, out nint text);

    [LibraryImport(Lib)]
    internal static partial CuResult cuDeviceGetCount(out int count);

    [LibraryImport(Lib)]
    internal static partial CuResult cuDeviceGet(out int device, int ordinal);

    [LibraryImport(Lib)]
    internal static partial CuResult cuDeviceGetName(byte* name, int length, int device);

    [LibraryImport(Lib)]
    internal static partial CuResult cuDeviceGetAttribute(out int value, int attribute, int device);

    [LibraryImport(Lib, EntryPoint = "cuDeviceTotalMem_v2")]
    internal static partial CuResult cuDeviceTotalMem(out nuint bytes, int device);

    [LibraryImport(Lib)]
    internal static partial CuResult cuDevicePrimaryCtxRetain(out nint context, int device);

    [LibraryImport(Lib, EntryPoint = "cuDevicePrimaryCtxRelease_v2")]
    internal static partial CuResult cuDevicePrimaryCtxRelease(int device);

    [LibraryImport(Lib)]
    internal static partial CuResult cuCtxSetCurrent(nint context);

    [LibraryImport(Lib, EntryPoint = "cuCtxPushCurrent_v2")]
    internal static partial CuResult cuCtxPushCurrent(nint context);

    [LibraryImport(Lib, EntryPoint = "cuCtxPopCurrent_v2")]
    internal static partial CuResult cuCtxPopCurrent(out nint context);

    [LibraryImport(Lib)]
    internal static partial CuResult cuCtxSynchronize();

    [LibraryImport(Lib, EntryPoint = "cuMemGetInfo_v2")]
    internal static partial CuResult cuMemGetInfo(out nuint free, out nuint total);

    /// <summary>CUmemPool_attribute values (cuda.h): bytes kept on free, bytes in use now, and the high-water mark (writing 0 resets it).</summary>
    internal const int MemPoolAttributeReleaseThreshold = 4;
    internal const int MemPoolAttributeUsedMemCurrent = 7;
    internal const int MemPoolAttributeUsedMemHigh = 8;

    [LibraryImport(Lib)]
    internal static partial CuResult cuDeviceGetDefaultMemPool(out nint pool, int device);

    [LibraryImport(Lib)]
    internal static partial CuResult cuMemPoolGetAttribute(nint pool, int attribute, out ulong value);

    [LibraryImport(Lib)]
    internal static partial CuResult cuMemPoolSetAttribute(nint pool, int attribute, ref ulong value);

    [LibraryImport(Lib, EntryPoint = "cuMemAlloc_v2")]
    internal static partial CuResult cuMemAlloc(out nint pointer, nuint bytes);

    [LibraryImport(Lib, EntryPoint = "cuMemFree_v2")]
    internal static partial CuResult cuMemFree(nint pointer);

    [LibraryImport(Lib, EntryPoint = "cuMemAllocHost_v2")]
    internal static partial CuResult cuMemAllocHost(out nint pointer, nuint bytes);

    [LibraryImport(Lib)]
    internal static partial CuResult cuMemFreeHost(nint pointer);

    [LibraryImport(Lib, EntryPoint = "cuMemcpyHtoDAsync_v2")]
    internal static partial CuResult cuMemcpyHtoDAsync(nint destination, nint source, nuint bytes, nint stream);

    [LibraryImport(Lib, EntryPoint = "cuMemcpyDtoHAsync_v2")]
    internal static partial CuResult cuMemcpyDtoHAsync(nint destination, nint source, nuint bytes, nint stream);

    [LibraryImport(Lib, EntryPoint = "cuMemcpyDtoDAsync_v2")]
    internal static partial CuResult cuMemcpyDtoDAsync(nint destination, nint source, nuint bytes, nint stream);

    [LibraryImport(Lib)]
    internal static partial CuResult cuMemsetD8Async(nint destination, byte value, nuint count, nint stream);

    [LibraryImport(Lib)]
    internal static partial CuResult cuStreamCreate(out nint stream, uint flags);

    [LibraryImport(Lib, EntryPoint = "cuStreamDestroy_v2")]
    internal static partial CuResult cuStreamDestroy(nint stream);

    [LibraryImport(Lib)]
    internal static partial CuResult cuStreamSynchronize(nint stream);

    [LibraryImport(Lib)]
    internal static partial CuResult cuEventCreate(out nint evt, uint flags);

    [LibraryImport(Lib, EntryPoint = "cuEventDestroy_v2")]
    internal static partial CuResult cuEventDestroy(nint evt);

    [LibraryImport(Lib)]
    internal static partial CuResult cuEventRecord(nint evt, nint stream);

    [LibraryImport(Lib)]
    internal static partial CuResult cuEventSynchronize(nint evt);

    [LibraryImport(Lib)]
    internal static partial CuResult cuEventElapsedTime(out float milliseconds, nint start, nint end);

    [LibraryImport(Lib)]
    internal static partial CuResult cuModuleLoadData(out nint module, byte* image);

    [LibraryImport(Lib)]
    internal static partial CuResult cuModuleUnload(nint module);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial CuResult cuModuleGetFunction(out nint function, nint module, string name);

    [LibraryImport(Lib)]
    internal static partial CuResult cuFuncGetAttribute(out int value, int attribute, nint function);

    [LibraryImport(Lib)]
    internal static partial CuResult cuFuncSetAttribute(nint function, int attribute, int value);

    [LibraryImport(Lib)]
    internal static partial CuResult cuLaunchKernel(
        nint function,
        uint gridX, uint gridY, uint gridZ,
        uint blockX, uint blockY, uint blockZ,
        uint sharedBytes, nint stream, nint* parameters, nint* extra);
}
