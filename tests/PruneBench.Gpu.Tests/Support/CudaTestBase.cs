using PruneBench.Core.Backends.Cuda;

namespace PruneBench.Gpu.Tests.Support;

/// <summary>
/// Base of the native-only tests (kernel compilation, allocator, tensor-core switch, timings): the same skip
/// rule as <see cref="GpuTestBase"/>, with <see cref="Gpu"/> typed as the native backend.
/// </summary>
public abstract class CudaTestBase(CudaFixture fixture) : GpuTestBase(fixture)
{
    /// <summary>The native CUDA backend; skips the calling test when there is none.</summary>
    protected new CudaBackend Gpu => (CudaBackend)base.Gpu;
}
