using PruneBench.Gpu.Tests.Support;

namespace PruneBench.Gpu.Tests.Ops;

/// <summary><see cref="SelectionParityTests"/> on the Torch backend in fp32 mode (libtorch composites, the blend as the shared one-block kernel).</summary>
public sealed class TorchSelectionParityTests(TorchFixture fixture) : SelectionParityTests(fixture);
