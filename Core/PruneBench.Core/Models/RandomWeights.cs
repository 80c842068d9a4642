using PruneBench.Core.Backends;
using PruneBench.Core.Tensors;

namespace PruneBench.Core.Models;

/// <summary>
/// Seeded random weights generated on the backend itself (no host-side arrays), for the real-sized speed
/// presets. Values do not affect speed; ranges keep activations finite.
/// </summary>
public sealed class RandomWeights(IBackend backend, ulong seed) : IWeightSource
{
    private ulong _next;

    /// <inheritdoc />
    public bool Has(string name) => !name.EndsWith("bias", StringComparison.Ordinal) || name.EndsWith("dt_bias", StringComparison.Ordinal) || name.EndsWith("conv1d.bias", StringComparison.Ordinal);

    /// <inheritdoc />
    public Tensor Load(string name, int[] shape, WeightRole role)
    {
        var stream = seed * 1_000_003UL + _next++;
        var fanIn = shape.Length > 1 ? shape[^1] : 1;
        return role switch
        {
            WeightRole.Matrix => backend.RandomWeight(shape, 1f / MathF.Sqrt(fanIn), 0f, stream),
            WeightRole.NormScale or WeightRole.Skip => backend.RandomWeight(shape, 0f, 1f, stream),
            WeightRole.Bias => backend.RandomWeight(shape, 0.02f, 0f, stream),
            WeightRole.ALog => backend.RandomWeight(shape, 1.35f, 1.4f, stream),
            WeightRole.DtBias => backend.RandomWeight(shape, 1f, -4f, stream),
            _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
        };
    }
}
