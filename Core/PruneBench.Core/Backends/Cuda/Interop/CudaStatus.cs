using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PruneBench.Core.Backends.Cuda.Interop;

/// <summary>
/// The single error choke point of the interop layer: every native status goes through
/// <see cref="ThrowIfFailed{TStatus}"/>, which names the call (its source text) and the library's error string.
/// Out-of-memory statuses become <see cref="DeviceOutOfMemoryException"/> so the harness can skip the configuration.
/// </summary>
internal static class CudaStatus
{
    internal static void ThrowIfFailed<TStatus>(TStatus status, [CallerArgumentExpression(nameof(status))] string call = "")
        where TStatus : struct, Enum
    {
        var code = Convert.ToInt32(status, System.Globalization.CultureInfo.InvariantCulture);
        if (code == 0)
        {
            return;
        }

        var description = Describe(status, code);
        var message = $"{call} failed: {description}";
        if (status is CuResult.ErrorOutOfMemory or CublasStatus.AllocFailed)
        {
            throw new DeviceOutOfMemoryException(message);
        }

        throw new CudaException(message);
    }

    /// <summary>"CUDA_ERROR_NO_DEVICE (no CUDA-capable device is detected)" and the like.</summary>
    internal static string Describe<TStatus>(TStatus status, int code)
        where TStatus : struct, Enum
    {
        try
        {
            return status switch
            {
                CuResult r => DescribeDriver(r),
                NvrtcResult r => $"{Utf8(Nvrtc.nvrtcGetErrorString(r))} ({code})",
                CublasStatus r => $"{Utf8(Cublas.cublasGetStatusName(r))} ({Utf8(Cublas.cublasGetStatusString(r))})",
                _ => $"status {code}",
            };
        }
        catch (EntryPointNotFoundException)
        {
            return $"status {code}";
        }
    }

    private static string DescribeDriver(CuResult r)
    {
        var name = CudaDriver.cuGetErrorName(r, out var namePtr) == CuResult.Success ? Utf8(namePtr) : $"CUresult {(int)r}";
        var text = CudaDriver.cuGetErrorString(r, out var textPtr) == CuResult.Success ? Utf8(textPtr) : "unknown error";
        return $"{name} ({text})";
    }

    private static string Utf8(nint p) => p == 0 ? "?" : Marshal.PtrToStringUTF8(p) ?? "?";
}
