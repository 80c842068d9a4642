using PruneBench.Gpu.Tests.Support;

namespace PruneBench.Gpu.Tests.Ops;

/// <summary><see cref="SelectionParityTests"/> on the native CUDA backend (Kernels/selection.cu).</summary>
public sealed class NativeSelectionParityTests(CudaFixture fixture) : SelectionParityTests(fixture);
