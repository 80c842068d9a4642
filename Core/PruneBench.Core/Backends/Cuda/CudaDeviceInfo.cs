using System.Globalization;
using System.Text;
using PruneBench.Core.Backends.Cuda.Interop;

namespace PruneBench.Core.Backends.Cuda;

/// <summary>What results rows and logs say about the device: name, compute capability, memory, driver.</summary>
/// <param name="Ordinal">CUDA device ordinal.</param>
/// <param name="Name">Marketing name, e.g. "NVIDIA H200".</param>
/// <param name="Major">Compute capability major.</param>
/// <param name="Minor">Compute capability minor.</param>
/// <param name="Multiprocessors">SM count (sizes grid-stride launches).</param>
/// <param name="TotalMemoryBytes">Device memory.</param>
/// <param name="DriverVersion">Kernel-module version ("580.95.05") when readable, else the driver's CUDA version.</param>
/// <param name="DriverCudaVersion">Highest CUDA version the driver supports, e.g. "13.0".</param>
public sealed record CudaDeviceInfo(int Ordinal, string Name, int Major, int Minor, int Multiprocessors, long TotalMemoryBytes, string DriverVersion, string DriverCudaVersion)
{
    /// <summary>The description of device <paramref name="ordinal"/> through the driver API, or null when the driver or device is not there.</summary>
    public static CudaDeviceInfo? TryRead(int ordinal)
    {
        try
        {
            return CudaLibraryResolver.TryLoad(CudaLibraryResolver.Driver, out _, out _) && CudaDriver.cuInit(0) == CuResult.Success ? Query(ordinal) : null;
        }
        catch (CudaException)
        {
            return null;
        }
    }

    internal static unsafe CudaDeviceInfo Query(int ordinal)
    {
        CudaStatus.ThrowIfFailed(CudaDriver.cuDeviceGet(out var device, ordinal));
        var name = stackalloc byte[256];
        CudaStatus.ThrowIfFailed(CudaDriver.cuDeviceGetName(name, 256, device));
        var text = Encoding.UTF8.GetString(new ReadOnlySpan<byte>(name, 256)).TrimEnd('\0');
        CudaStatus.ThrowIfFailed(CudaDriver.cuDeviceGetAttribute(out var major, CudaDriver.AttributeComputeCapabilityMajor, device));
        CudaStatus.ThrowIfFailed(CudaDriver.cuDeviceGetAttribute(out var minor, CudaDriver.AttributeComputeCapabilityMinor, device));
        CudaStatus.ThrowIfFailed(CudaDriver.cuDeviceGetAttribute(out var sms, CudaDriver.AttributeMultiprocessorCount, device));
        CudaStatus.ThrowIfFailed(CudaDriver.cuDeviceTotalMem(out var total, device));
        CudaStatus.ThrowIfFailed(CudaDriver.cuDriverGetVersion(out var cudaVersion));
        var driverCuda = string.Create(CultureInfo.InvariantCulture, $"{cudaVersion / 1000}.{cudaVersion % 1000 / 10}");
        return new CudaDeviceInfo(ordinal, text, major, minor, sms, (long)total, KernelModuleVersion() ?? $"CUDA {driverCuda}", driverCuda);
    }

    /// <summary>"580.95.05" from /proc/driver/nvidia/version ("NVRM version: NVIDIA UNIX x86_64 Kernel Module  580.95.05  …").</summary>
    private static string? KernelModuleVersion()
    {
        const string path = "/proc/driver/nvidia/version";
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }

            var first = File.ReadLines(path).FirstOrDefault() ?? "";
            var marker = first.IndexOf("Kernel Module", StringComparison.Ordinal);
            var words = (marker >= 0 ? first[(marker + "Kernel Module".Length)..] : first)
                .Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return words.FirstOrDefault(w => w.Length > 0 && char.IsDigit(w[0]) && w.Contains('.', StringComparison.Ordinal));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
