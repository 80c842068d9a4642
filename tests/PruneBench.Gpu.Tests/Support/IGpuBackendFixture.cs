using PruneBench.Core.Backends;
using PruneBench.Core.Tensors;

namespace PruneBench.Gpu.Tests.Support;

/// <summary>
/// One device backend under test for the whole run (an assembly fixture), or the reason there is none. The
/// parity tests are written once against this and subclassed per backend (<see cref="CudaFixture"/>,
/// <see cref="TorchFixture"/>, <see cref="TorchBf16Fixture"/>).
/// </summary>
public interface IGpuBackendFixture
{
    /// <summary>The device under test, or null.</summary>
    IBackend? Backend { get; }

    /// <summary>Why <see cref="Backend"/> is null ("CUDA unavailable: …", "libtorch not found: …"); empty otherwise.</summary>
    string UnavailableReason { get; }

    /// <summary>
    /// The type this backend stores weights in and rounds GEMM operands to: BF16 for the native backend and the
    /// Torch backend's default, F32 for the Torch backend in fp32 mode.
    /// </summary>
    DType WeightType { get; }
}
