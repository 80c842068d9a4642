using PruneBench.Gpu.Tests.Support;

namespace PruneBench.Gpu.Tests.Ops;

/// <summary><see cref="MambaParityTests"/> on the Torch backend in fp32 mode (conv1d through cuDNN, the chunked SSD on batched matmuls).</summary>
public sealed class TorchMambaParityTests(TorchFixture fixture) : MambaParityTests(fixture);
