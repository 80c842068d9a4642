namespace PruneBench.Abstractions.Model;

/// <summary>
/// What a reducer may know about the model: its depth and the kind of each layer, plus the widths that
/// drive cost. Enough to place layers and to derive parameters from a budget; no weights.
/// </summary>
/// <param name="Name">Model name as the harness reports it (folder or preset name).</param>
/// <param name="Family">Transformer or hybrid.</param>
/// <param name="Layers">Kind of each decoder layer, index 0 first.</param>
/// <param name="HiddenSize">Residual stream width.</param>
/// <param name="AttentionHeads">Query heads of attention layers.</param>
/// <param name="KeyValueHeads">Key/value heads of attention layers (GQA).</param>
/// <param name="HeadDim">Width of one attention head.</param>
public sealed record ModelShape(
    string Name,
    ModelFamily Family,
    IReadOnlyList<LayerKind> Layers,
    int HiddenSize,
    int AttentionHeads,
    int KeyValueHeads,
    int HeadDim)
{
    /// <summary>Number of decoder layers L.</summary>
    public int LayerCount => Layers.Count;

    /// <summary>Index of the first attention layer at or after <paramref name="from"/>, or -1.</summary>
    public int NextAttentionLayer(int from)
    {
        for (var i = Math.Max(0, from); i < Layers.Count; i++)
        {
            if (Layers[i] == LayerKind.Attention)
            {
                return i;
            }
        }

        return -1;
    }
}
