using PruneBench.Core.Backends;
using PruneBench.Core.Checkpoints;
using PruneBench.Core.Tensors;

namespace PruneBench.Core.Models;

/// <summary>Weights read from a Hugging Face checkpoint and uploaded to the backend once.</summary>
public sealed class CheckpointWeights(Checkpoint checkpoint, IBackend backend) : IWeightSource
{
    /// <inheritdoc />
    public bool Has(string name) => checkpoint.Contains(name);

    /// <inheritdoc />
    public Tensor Load(string name, int[] shape, WeightRole role)
    {
        var (file, entry) = checkpoint.Find(name);
        if (entry.DType is not (DType.F32 or DType.BF16 or DType.F16))
        {
            throw new CheckpointException($"{file.Path}: tensor '{name}' has dtype {entry.DType}; weights must be F32, BF16 or F16.");
        }

        // Conv weights are saved [C, 1, K]; accept any shape with the same dims once size-1 axes are dropped.
        if (!Squeeze(entry.Shape).SequenceEqual(Squeeze(shape)))
        {
            throw new CheckpointException(
                $"{file.Path}: tensor '{name}' has shape {entry.ShapeText} but config.json implies [{string.Join(",", shape)}].");
        }

        return backend.LoadWeight(file.Bytes(entry), entry.DType, shape);
    }

    private static int[] Squeeze(int[] s) => s.Where(d => d != 1).ToArray();
}
