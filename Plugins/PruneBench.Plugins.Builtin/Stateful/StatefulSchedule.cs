namespace PruneBench.Plugins.Builtin.Stateful;

/// <summary>How the stateful method's retention falls with depth.</summary>
public enum StatefulSchedule
{
    /// <summary>Low-to-high power schedule: per-layer keep ratio 1 − (1 − r_min)·t^γ.</summary>
    Power,

    /// <summary>Drop a fraction λ of the current tokens after each listed layer.</summary>
    Step,

    /// <summary>Retention entering each layer given explicitly, in percent.</summary>
    Explicit,
}
