namespace PruneBench.Plugins.Builtin.Stateful;

/// <summary>How the stateful method's retention falls with depth (docs/methods.md, "stateful").</summary>
public enum StatefulSchedule
{
    /// <summary>
    /// Low-to-high drop fraction (default): each layer ℓ ≥ ℓ₀ drops p_ℓ = p_max·(ℓ − ℓ₀ + 1)/(L − ℓ₀) of the
    /// visual tokens still alive.
    /// </summary>
    Ramp,

    /// <summary>Each layer ℓ ≥ ℓ₀ drops the same fraction p of the visual tokens still alive.</summary>
    Geometric,

    /// <summary>Retention entering layer ℓ ≥ ℓ₀ is 1 − (1 − r_min)·((ℓ − ℓ₀ + 1)/(L − ℓ₀))^γ, γ ≥ 1.</summary>
    Power,

    /// <summary>Drop a fraction λ of the current tokens after each listed layer.</summary>
    Step,

    /// <summary>Retention entering each layer given explicitly, in percent.</summary>
    Explicit,
}
