using PruneBench.Core.Tensors;
using TT = TorchSharp.torch.Tensor;

namespace PruneBench.Core.Backends.Torch;

/// <summary>
/// A libtorch tensor behind a <see cref="Tensor"/>. It may be a strided view (column slices are views, not
/// copies); the backend reshapes it to the wrapping tensor's shape on read and requires it contiguous for
/// in-place writes. Disposing releases the handle; libtorch frees the memory when no view holds it.
/// </summary>
internal sealed class TorchStorage(TT value) : TensorStorage
{
    /// <summary>The libtorch tensor (not in any dispose scope).</summary>
    public TT Value { get; } = value;

    /// <inheritdoc />
    public override long Bytes => Value.numel() * Value.ElementSize;

    /// <inheritdoc />
    protected override void Release() => Value.Dispose();
}
