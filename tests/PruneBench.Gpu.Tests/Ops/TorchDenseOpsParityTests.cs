using PruneBench.Gpu.Tests.Support;

namespace PruneBench.Gpu.Tests.Ops;

/// <summary><see cref="DenseOpsParityTests"/> on the Torch backend in fp32 mode.</summary>
public sealed class TorchDenseOpsParityTests(TorchFixture fixture) : DenseOpsParityTests(fixture);
