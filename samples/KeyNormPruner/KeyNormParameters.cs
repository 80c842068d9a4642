using PruneBench.Abstractions.Parameters;

namespace KeyNormPruner;

/// <summary>Parameters of <see cref="KeyNormMethod"/>.</summary>
public sealed record KeyNormParameters
{
    [Parameter("Prune after this layer, moved to the first attention layer at or after it.", Min = 0)]
    public int Layer { get; init; } = 1;

    [Parameter("Fraction of the visual tokens kept; solved from the budget unless set.", Min = 0, MinExclusive = true, Max = 1)]
    public double Ratio { get; init; } = 0.5;
}
