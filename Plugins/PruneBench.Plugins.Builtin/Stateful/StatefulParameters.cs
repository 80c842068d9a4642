using PruneBench.Abstractions.Parameters;
using PruneBench.Abstractions.Signals;

namespace PruneBench.Plugins.Builtin.Stateful;

/// <summary>Parameters of <see cref="StatefulMethod"/>.</summary>
public sealed record StatefulParameters
{
    [Parameter("ℓ₀: the first layer that sees fewer visual tokens (its drop is decided on layer ℓ₀ − 1's score); 1 = all-layer reduction, the paper's setting.", Min = 1)]
    public int StartLayer { get; init; } = 1;

    [Parameter("Schedule family: ramp (low-to-high drop fraction), geometric, power, step or explicit.")]
    public StatefulSchedule Schedule { get; init; } = StatefulSchedule.Ramp;

    [Parameter("Target mean visual retention ρ from which p_max, r_min or step_drop is solved; the budget overrides it.",
        Min = 0, MinExclusive = true, Max = 1)]
    public double Retention { get; init; } = 0.25;

    [Parameter("Ramp: drop fraction of the deepest layer, p_ℓ = p_max·(ℓ − ℓ₀ + 1)/(L − ℓ₀) for ℓ ≥ ℓ₀; geometric: the constant drop fraction. Solved from retention unless set.",
        Min = 0, Max = 1, Key = "p_max")]
    public double PMax { get; init; }

    [Parameter("Power schedule: retention entering the last layer (solved from retention unless set).", Min = 0, Max = 1, Key = "r_min")]
    public double RMin { get; init; }

    [Parameter("Power schedule: exponent γ ≥ 1 (low-to-high: keep early, drop late); never changed to meet a budget.", Min = 1)]
    public double Gamma { get; init; } = 2;

    [Parameter("Step schedule: layers after which step_drop of the current tokens are removed (empty = every attention layer from ℓ₀ − 1).", Min = 0)]
    public int[] StepLayers { get; init; } = [];

    [Parameter("Step schedule: fraction λ removed at each step (0 = solved from retention).", Min = 0, Max = 1)]
    public double StepDrop { get; init; }

    [Parameter("Explicit schedule: L integers, percent of visual tokens entering each layer, non-increasing.", Min = 0, Max = 100)]
    public int[] RetentionPercent { get; init; } = [];

    [Parameter("EMA weight β of the running score: s ← β·s + (1 − β)·(normalised score of this layer); 0 = this layer only.", Min = 0, Max = 1)]
    public double Beta { get; init; }

    [Parameter("Query tokens Q of the score.")]
    public QuerySelection Queries { get; init; } = QuerySelection.SuffixText;

    [Parameter("Implicit attention on Mamba layers: nodecay (default) or decay.")]
    public ImplicitVariant Implicit { get; init; } = ImplicitVariant.NoDecay;

    [Parameter("Sign handling of implicit attention: abs or clamp.")]
    public ScoreTransform Transform { get; init; } = ScoreTransform.Abs;
}
