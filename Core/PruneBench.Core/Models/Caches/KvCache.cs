using PruneBench.Core.Tensors;

namespace PruneBench.Core.Models.Caches;

/// <summary>
/// K and V of one attention layer: [Capacity, Hkv, d] each, the first <see cref="Length"/> rows valid.
/// Keys are stored after RoPE. <see cref="LogSize"/> ([Capacity], optional) carries log(token size) for
/// proportional attention after merges.
/// </summary>
public sealed class KvCache(Tensor keys, Tensor values, Tensor? logSize) : LayerCache
{
    /// <summary>[Capacity, Hkv, d].</summary>
    public Tensor Keys { get; } = keys;

    /// <summary>[Capacity, Hkv, d].</summary>
    public Tensor Values { get; } = values;

    /// <summary>[Capacity] log sizes, or null when every token has size 1.</summary>
    public Tensor? LogSize { get; } = logSize;

    /// <summary>Valid rows.</summary>
    public int Length { get; set; }

    /// <summary>Rows allocated.</summary>
    public int Capacity => Keys.Shape[0];

    /// <inheritdoc />
    public override long Bytes => 2L * Length * Keys.Shape[1] * Keys.Shape[2] * DTypeInfo.SizeOf(Keys.DType);

    /// <inheritdoc />
    protected override void Release()
    {
        Keys.Dispose();
        Values.Dispose();
        LogSize?.Dispose();
    }
}
