namespace PruneBench.Core.Backends.Cuda.Interop;

/// <summary>CUresult of the driver API (only the codes this backend branches on are named; the rest print by number and by cuGetErrorName).</summary>
internal enum CuResult
{
    Success = 0,
    ErrorOutOfMemory = 2,
    ErrorNotInitialized = 3,
    ErrorNoDevice = 100,
}
