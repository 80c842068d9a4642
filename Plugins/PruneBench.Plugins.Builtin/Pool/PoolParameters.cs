using PruneBench.Abstractions.Parameters;

namespace PruneBench.Plugins.Builtin.Pool;

/// <summary>Parameters of <see cref="PoolMethod"/>.</summary>
public sealed record PoolParameters
{
    [Parameter("First layer that sees the pooled set (pooling happens after layer k−1; 0 = before the LLM).", Min = 0)]
    public int K { get; init; } = 2;

    [Parameter("Fraction of the N_v visual tokens left after pooling (⌈ratio·N_v⌉).", Min = 0, MinExclusive = true, Max = 1)]
    public double Ratio { get; init; } = 0.5;

    [Parameter("Pool within a frame (spatial) or across adjacent frames at the same position (temporal).")]
    public PoolAxis Axis { get; init; } = PoolAxis.Spatial;
}
