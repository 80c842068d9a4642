using PruneBench.Core.Tensors;

namespace PruneBench.Core.Checkpoints;

/// <summary>One tensor of a safetensors file: name, type, shape and byte range inside the data section.</summary>
/// <param name="Name">Tensor name as transformers saves it.</param>
/// <param name="DType">Element type.</param>
/// <param name="Shape">Dimensions.</param>
/// <param name="Begin">Start offset in the data section (after the header).</param>
/// <param name="End">End offset (exclusive) in the data section.</param>
public sealed record TensorEntry(string Name, DType DType, int[] Shape, long Begin, long End)
{
    /// <summary>Element count.</summary>
    public long Length => Shape.Aggregate(1L, (a, d) => a * d);

    /// <summary>Shape as "[a,b]".</summary>
    public string ShapeText => "[" + string.Join(",", Shape) + "]";
}
