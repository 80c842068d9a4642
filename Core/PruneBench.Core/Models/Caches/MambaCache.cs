using PruneBench.Core.Tensors;

namespace PruneBench.Core.Models.Caches;

/// <summary>Mamba2 decode state: conv window [C, K−1] and SSM state [H, P, N], both fp32.</summary>
public sealed class MambaCache(Tensor convState, Tensor ssmState) : LayerCache
{
    /// <summary>[C, K−1] last inputs of the causal conv, oldest first.</summary>
    public Tensor ConvState { get; } = convState;

    /// <summary>[H, P, N].</summary>
    public Tensor SsmState { get; } = ssmState;

    /// <inheritdoc />
    public override long Bytes => 4L * (ConvState.Length + SsmState.Length);

    /// <inheritdoc />
    protected override void Release()
    {
        ConvState.Dispose();
        SsmState.Dispose();
    }
}
