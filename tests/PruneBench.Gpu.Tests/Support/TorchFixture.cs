using PruneBench.Core.Backends;
using PruneBench.Core.Backends.Torch;
using PruneBench.Core.Tensors;

[assembly: AssemblyFixture(typeof(PruneBench.Gpu.Tests.Support.TorchFixture))]

namespace PruneBench.Gpu.Tests.Support;

/// <summary>
/// The Torch backend with fp32 as compute type (weights, activations, caches fp32; no bf16 rounding anywhere)
/// for the op and model parity tests against the fp32 CPU backend, or the reason there is none ("libtorch not
/// found: …" where libtorch cannot load, e.g. without GLIBCXX_3.4.32; "CUDA unavailable: …").
/// </summary>
public sealed class TorchFixture : IGpuBackendFixture, IDisposable
{
    public TorchFixture()
    {
        if (TorchBackend.TryCreate(out var backend, out var reason, fp32: true))
        {
            Backend = backend;
            GpuReport.Line($"device: {backend!.Name}{(backend.MeasuresMemory ? "" : " (memory not measured: the driver pool is not libtorch's allocator)")}");
        }

        UnavailableReason = reason;
    }

    /// <summary>The device under test, or null.</summary>
    public TorchBackend? Backend { get; }

    IBackend? IGpuBackendFixture.Backend => Backend;

    /// <inheritdoc />
    public string UnavailableReason { get; }

    /// <summary>fp32 mode: weights keep the checkpoint's values exactly.</summary>
    public DType WeightType => DType.F32;

    public void Dispose() => Backend?.Dispose();
}
