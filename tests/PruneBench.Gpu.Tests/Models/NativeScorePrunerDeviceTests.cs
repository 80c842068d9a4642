using PruneBench.Gpu.Tests.Support;

namespace PruneBench.Gpu.Tests.Models;

/// <summary><see cref="ScorePrunerDeviceTests"/> on the native CUDA backend (Kernels/selection.cu).</summary>
public sealed class NativeScorePrunerDeviceTests(CudaFixture fixture) : ScorePrunerDeviceTests(fixture);
