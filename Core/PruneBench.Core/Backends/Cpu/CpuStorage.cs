using PruneBench.Core.Tensors;

namespace PruneBench.Core.Backends.Cpu;

/// <summary>Host fp32 storage of the CPU backend.</summary>
internal sealed class CpuStorage(float[] data, CpuBackend owner) : TensorStorage
{
    /// <summary>The elements, row-major.</summary>
    public float[] Data { get; } = data;

    /// <inheritdoc />
    public override long Bytes => Data.LongLength * sizeof(float);

    /// <inheritdoc />
    protected override void Release() => owner.Track(-Bytes);
}
