using PruneBench.Core.Backends;
using PruneBench.Core.Backends.Cuda;
using PruneBench.Core.Tensors;

[assembly: AssemblyFixture(typeof(PruneBench.Gpu.Tests.Support.CudaFixture))]

// One backend means one stream and one staging buffer, like a CUDA stream they are used from one thread at
// a time; allocator and timing tests also need the device to themselves.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace PruneBench.Gpu.Tests.Support;

/// <summary>
/// One CUDA backend for the whole test run (context creation and kernel compilation happen once), or the
/// reason there is none. Debug mode is on: every kernel is followed by a checked cuCtxSynchronize, so a
/// faulting kernel fails the test that launched it.
/// </summary>
public sealed class CudaFixture : IGpuBackendFixture, IDisposable
{
    public CudaFixture()
    {
        if (CudaBackend.TryCreate(out var backend, out var reason))
        {
            backend!.SynchronizeAfterEachOp = true;
            Backend = backend;
            GpuReport.Line($"device: {backend.Name}");
        }

        UnavailableReason = reason;
    }

    /// <summary>The device under test, or null.</summary>
    public CudaBackend? Backend { get; }

    IBackend? IGpuBackendFixture.Backend => Backend;

    /// <summary>"CUDA unavailable: …" when <see cref="Backend"/> is null.</summary>
    public string UnavailableReason { get; }

    /// <summary>Weights are bf16; activations stay fp32 but GEMM operands are rounded to bf16.</summary>
    public DType WeightType => DType.BF16;

    public void Dispose() => Backend?.Dispose();
}
