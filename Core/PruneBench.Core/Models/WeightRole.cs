namespace PruneBench.Core.Models;

/// <summary>What a weight is for; random initialisation (presets) draws each role from a sensible range.</summary>
public enum WeightRole
{
    /// <summary>A projection [out, in]: uniform ±1/√in.</summary>
    Matrix,

    /// <summary>A norm scale: ones.</summary>
    NormScale,

    /// <summary>A bias: small uniform.</summary>
    Bias,

    /// <summary>Mamba2 A_log: log of values in [1, 16].</summary>
    ALog,

    /// <summary>Mamba2 dt_bias: inverse-softplus of dt in ~[0.001, 0.1].</summary>
    DtBias,

    /// <summary>Mamba2 D skip: ones.</summary>
    Skip,
}
