using PruneBench.Core.Tensors;

namespace PruneBench.Core.Models;

/// <summary>Where a model's weights come from: a checkpoint folder, or seeded random values on the device.</summary>
public interface IWeightSource
{
    /// <summary>The weight <paramref name="name"/> (transformers' name) with exactly <paramref name="shape"/>.</summary>
    /// <exception cref="Checkpoints.CheckpointException">Missing tensor, or dtype/shape that disagrees with the config (names file and tensor).</exception>
    Tensor Load(string name, int[] shape, WeightRole role);

    /// <summary>True when the weight exists (optional biases, untied lm_head).</summary>
    bool Has(string name);
}
