using PruneBench.Core.Backends.Torch;
using PruneBench.Gpu.Tests.Support;

namespace PruneBench.Gpu.Tests.Interop;

/// <summary>
/// The Torch backend factory's contract, which holds with and without libtorch and a GPU: a backend named with
/// its libtorch version and compute type, or a reason — never an exception.
/// </summary>
public sealed class TorchAvailabilityTests(TorchFixture fp32, TorchBf16Fixture bf16)
{
    private static readonly string[] ReasonPrefixes = ["libtorch not found: ", "libtorch ", "CUDA unavailable: "];

    [Fact]
    public void TryCreate_returns_a_named_backend_or_a_reason_without_throwing()
    {
        foreach (var (fp32Mode, fixture) in new[] { (true, (IGpuBackendFixture)fp32), (false, bf16) })
        {
            var ok = TorchBackend.TryCreate(out var backend, out var reason, fp32: fp32Mode);
            using (backend)
            {
                if (ok)
                {
                    Assert.NotNull(backend);
                    Assert.StartsWith("torch:cuda:0 (libtorch ", backend.Name, StringComparison.Ordinal);
                    Assert.Equal(fp32Mode ? "fp32" : "bf16", backend.ComputeTypeName);
                    Assert.Contains(backend.ComputeTypeName, backend.Name, StringComparison.Ordinal);
                    Assert.False(string.IsNullOrWhiteSpace(backend.Install.Version));
                    Assert.Equal("", reason);
                }
                else
                {
                    Assert.Null(backend);
                    Assert.Contains(ReasonPrefixes, p => reason.StartsWith(p, StringComparison.Ordinal));
                    Assert.Equal(reason, fixture.UnavailableReason); // the first load decides for the process
                }
            }

            Assert.Equal(fixture.Backend is not null, ok);
        }
    }

    [Fact]
    public void An_absent_device_ordinal_is_a_reported_state()
    {
        Assert.False(TorchBackend.TryCreate(out var backend, out var reason, ordinal: 4096));
        Assert.Null(backend);
        Assert.Contains(ReasonPrefixes, p => reason.StartsWith(p, StringComparison.Ordinal));
    }
}
