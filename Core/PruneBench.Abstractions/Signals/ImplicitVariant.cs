namespace PruneBench.Abstractions.Signals;

/// <summary>Form of the Mamba2 implicit attention α_{i,j} = (C_i·B_j)·exp(A(cs_i − cs_j))·dt_j.</summary>
public enum ImplicitVariant
{
    /// <summary>Drop the decay factor: (C_i·B_j)·dt_j. Default: with decay, early frames score ≈ 0.</summary>
    NoDecay,

    /// <summary>Full unrolled-recurrence weight including exp(A(cs_i − cs_j)).</summary>
    Decay,
}
