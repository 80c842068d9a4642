using PruneBench.Core.Backends.Cuda;
using PruneBench.Core.Backends.Cuda.Interop;
using PruneBench.Gpu.Tests.Support;

namespace PruneBench.Gpu.Tests.Interop;

/// <summary>The factory's contract, which holds with and without a GPU: a backend, or a reason — never an exception.</summary>
public sealed class CudaAvailabilityTests(CudaFixture fixture)
{
    [Fact]
    public void TryCreate_returns_a_named_backend_or_a_CUDA_unavailable_reason_without_throwing()
    {
        var ok = CudaBackend.TryCreate(out var backend, out var reason);
        using (backend)
        {
            if (ok)
            {
                Assert.NotNull(backend);
                Assert.StartsWith("cuda:0 ", backend.Name, StringComparison.Ordinal);
                Assert.False(string.IsNullOrWhiteSpace(backend.DeviceName));
                Assert.False(string.IsNullOrWhiteSpace(backend.DriverVersion));
                Assert.Equal("", reason);
            }
            else
            {
                Assert.Null(backend);
                Assert.StartsWith("CUDA unavailable: ", reason, StringComparison.Ordinal);
            }
        }

        Assert.Equal(fixture.Backend is not null, ok);
    }

    [Fact]
    public void An_absent_device_ordinal_is_a_reported_state()
    {
        Assert.False(CudaBackend.TryCreate(out var backend, out var reason, ordinal: 4096));
        Assert.Null(backend);
        Assert.StartsWith("CUDA unavailable: ", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_driver_reason_names_the_soname_and_where_it_was_looked_for()
    {
        if (CudaLibraryResolver.TryLoad(CudaLibraryResolver.Driver, out _, out var reason))
        {
            Assert.Skip("libcuda.so.1 is present on this machine; the not-found message cannot be observed.");
        }

        Assert.Contains("libcuda.so.1 not found", reason, StringComparison.Ordinal);
        Assert.Contains("system loader", reason, StringComparison.Ordinal);
    }
}
