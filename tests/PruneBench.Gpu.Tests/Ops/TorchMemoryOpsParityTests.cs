using PruneBench.Gpu.Tests.Support;

namespace PruneBench.Gpu.Tests.Ops;

/// <summary><see cref="MemoryOpsParityTests"/> on the Torch backend in fp32 mode.</summary>
public sealed class TorchMemoryOpsParityTests(TorchFixture fixture) : MemoryOpsParityTests(fixture);
