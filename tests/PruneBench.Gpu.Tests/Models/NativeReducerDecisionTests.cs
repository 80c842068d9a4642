using PruneBench.Core.Backends;
using PruneBench.Gpu.Tests.Support;

namespace PruneBench.Gpu.Tests.Models;

/// <summary>
/// <see cref="ReducerDecisionTests"/> on the native CUDA backend against the bf16-emulating CPU (same weights and
/// GEMM roundings); ranked values within 2e-3 of their max.
/// </summary>
public sealed class NativeReducerDecisionTests(CudaFixture fixture) : ReducerDecisionTests(fixture)
{
    protected override IBackend CreateReference() => new Bf16EmulatingCpuBackend();

    protected override float SignalTolerance => 2e-3f;
}
