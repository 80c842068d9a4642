using PruneBench.Abstractions.Parameters;

namespace PruneBench.Plugins.Builtin.Random;

/// <summary>Parameters of <see cref="RandomMethod"/>.</summary>
public sealed record RandomParameters
{
    [Parameter("First layer that sees the reduced set (the decision is made after layer k−1; 0 = before the LLM).", Min = 0)]
    public int K { get; init; } = 2;

    [Parameter("Fraction of the N_v visual tokens kept (⌈ratio·N_v⌉).", Min = 0, MinExclusive = true, Max = 1)]
    public double Ratio { get; init; } = 0.5;
}
