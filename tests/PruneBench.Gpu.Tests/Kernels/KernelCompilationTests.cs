using PruneBench.Core.Backends.Cuda.Interop;
using PruneBench.Gpu.Tests.Support;

namespace PruneBench.Gpu.Tests.Kernels;

/// <summary>NVRTC compilation on the device: every kernel builds and loads (registers and spills reported), errors carry the compiler log, driver errors name the call.</summary>
public sealed class KernelCompilationTests(CudaFixture fixture) : CudaTestBase(fixture)
{
    [Fact]
    public void Every_kernel_compiles_for_the_device_and_reports_registers_and_spills()
    {
        var report = Gpu.KernelReport();
        Assert.NotEmpty(report);
        foreach (var line in report)
        {
            GpuReport.Line("kernel " + line);
        }
    }

    [Fact]
    public void A_compile_error_carries_the_full_NVRTC_log()
    {
        var e = Assert.Throws<CudaException>(() => Gpu.Compiler.CompileSource("broken", "extern \"C\" __global__ void k(float* x) { x[0] = undefined_symbol; }"));
        Assert.Contains("broken.cu", e.Message, StringComparison.Ordinal);
        Assert.Contains("undefined_symbol", e.Message, StringComparison.Ordinal);
        Assert.Contains(Gpu.Compiler.Architecture, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failing_driver_call_is_reported_with_its_source_text_and_CUDA_error_name()
    {
        _ = Gpu;
        var e = Assert.Throws<CudaException>(() => CudaStatus.ThrowIfFailed(CudaDriver.cuDeviceGet(out _, 99_999)));
        Assert.Contains("CudaDriver.cuDeviceGet(out _, 99_999)", e.Message, StringComparison.Ordinal);
        Assert.Contains("CUDA_ERROR_INVALID_DEVICE", e.Message, StringComparison.Ordinal);
    }
}
