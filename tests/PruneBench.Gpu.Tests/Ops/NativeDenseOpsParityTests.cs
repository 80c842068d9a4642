using PruneBench.Gpu.Tests.Support;

namespace PruneBench.Gpu.Tests.Ops;

/// <summary><see cref="DenseOpsParityTests"/> on the native CUDA backend.</summary>
public sealed class NativeDenseOpsParityTests(CudaFixture fixture) : DenseOpsParityTests(fixture);
