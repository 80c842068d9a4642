using PruneBench.Core.Backends;
using PruneBench.Core.Backends.Torch;
using PruneBench.Core.Tensors;

[assembly: AssemblyFixture(typeof(PruneBench.Gpu.Tests.Support.TorchBf16Fixture))]

namespace PruneBench.Gpu.Tests.Support;

/// <summary>
/// The Torch backend as the product runs it: bf16 compute type (weights, activations, KV cache and Mamba states
/// bf16; norms, softmax and the SSD scan in fp32 inside ops). Used by the bf16 model test; same reasons as
/// <see cref="TorchFixture"/> when unavailable.
/// </summary>
public sealed class TorchBf16Fixture : IGpuBackendFixture, IDisposable
{
    public TorchBf16Fixture()
    {
        if (TorchBackend.TryCreate(out var backend, out var reason))
        {
            Backend = backend;
            GpuReport.Line($"device: {backend!.Name}");
        }

        UnavailableReason = reason;
    }

    /// <summary>The device under test, or null.</summary>
    public TorchBackend? Backend { get; }

    IBackend? IGpuBackendFixture.Backend => Backend;

    /// <inheritdoc />
    public string UnavailableReason { get; }

    /// <summary>Weights and activations are bf16.</summary>
    public DType WeightType => DType.BF16;

    public void Dispose() => Backend?.Dispose();
}
