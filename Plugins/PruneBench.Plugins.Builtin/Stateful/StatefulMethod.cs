using System.Globalization;
using PruneBench.Abstractions.Methods;
using PruneBench.Abstractions.Model;
using PruneBench.Abstractions.Parameters;
using PruneBench.Abstractions.Signals;
using PruneBench.Abstractions.Tokens;
using PruneBench.Plugins.Builtin.Common;

namespace PruneBench.Plugins.Builtin.Stateful;

/// <summary>
/// Stateful token reduction for hybrids (../papers/000): all-layer, low-to-high progressive schedule with
/// unified language-aware scoring (query attention on attention layers, implicit attention on Mamba2
/// layers, the last score reused on MLP layers).
/// <para>
/// Power schedule (METHODS.md): r_ℓ = 1 for ℓ ≤ ℓ₀, then r_ℓ = 1 − (1 − r_min)·((ℓ − ℓ₀)/(L − 1 − ℓ₀))^γ is the
/// retention entering layer ℓ. ρ is linear in r_min, so r_min follows from the target; but with γ = 2 and
/// r_min ≥ 0 the schedule cannot go below ρ ≈ 1 − (1 − ℓ₀/L)/(γ + 1) (≈ 0.7). For a lower target, and only
/// when the user did not fix γ, r_min becomes a floor of budget/5 (0 if even that cannot reach the target)
/// and γ is lowered until ρ meets the target; the canonical parameters record both.
/// </para>
/// </summary>
public sealed class StatefulMethod : ReductionMethod<StatefulParameters>
{
    public override string Name => "stateful";

    public override string Description => "All-layer low-to-high progressive reduction with unified attention/implicit-attention scores (hybrids).";

    protected override StatefulParameters Resolve(StatefulParameters values, IReadOnlySet<string> userKeys, double? budget, ModelShape model)
    {
        var layers = model.LayerCount;
        var start = values.StartLayer != -1 ? values.StartLayer : DefaultStart(model);
        if (start > layers - 2)
        {
            throw new ParameterException($"{Name}: parameter 'start_layer' = {start} leaves no layer to reduce in {model.Name} ({layers} layers).");
        }

        var resolved = values with { StartLayer = start };
        if (budget is { } b && !userKeys.Contains("retention"))
        {
            if (values.Schedule == StatefulSchedule.Explicit)
            {
                throw new ParameterException($"{Name}: schedule=explicit fixes the retention of every layer; a budget cannot be applied.");
            }

            resolved = resolved with { Retention = b };
        }

        switch (resolved.Schedule)
        {
            case StatefulSchedule.Power when !userKeys.Contains("r_min"):
                var rMin = BudgetSolver.Solve(r => PowerSchedule(start, resolved.Gamma, r, layers).Mean, resolved.Retention, 0, 1);
                if (rMin is null && !userKeys.Contains("gamma"))
                {
                    // Out of reach with the default γ: lower γ, keeping a floor of budget/5 at the last layer so
                    // the deepest layers still see some visual tokens; drop the floor only if that is not enough.
                    var floor = resolved.Retention / 5;
                    var gamma = BudgetSolver.Solve(g => PowerSchedule(start, g, floor, layers).Mean, resolved.Retention, 1e-3, resolved.Gamma);
                    rMin = gamma is null ? 0 : floor;
                    resolved = resolved with { Gamma = gamma ?? Solve(g => PowerSchedule(start, g, 0, layers), resolved, "start_layer", 1e-3, resolved.Gamma) };
                }

                resolved = resolved with { RMin = rMin ?? Solve(r => PowerSchedule(start, resolved.Gamma, r, layers), resolved, "gamma' or 'start_layer", 0, 1) };
                break;
            case StatefulSchedule.Step:
                var steps = resolved.StepLayers.Length > 0
                    ? resolved.StepLayers
                    : Enumerable.Range(start, layers - 1 - start).Where(l => model.Layers[l] == LayerKind.Attention).ToArray();
                if (steps.Length == 0 || steps.Any(l => l > layers - 2))
                {
                    throw new ParameterException($"{Name}: parameter 'step_layers' must list layers 0..{layers - 2} of {model.Name}.");
                }

                resolved = resolved with { StepLayers = steps.Distinct().Order().ToArray() };
                if (!userKeys.Contains("step_drop"))
                {
                    resolved = resolved with { StepDrop = 1 - Solve(keep => StepSchedule(resolved.StepLayers, 1 - keep, layers), resolved, "step_layers", 0, 1) };
                }

                break;
            case StatefulSchedule.Explicit:
                var percent = resolved.RetentionPercent;
                if (percent.Length != layers || percent.Any(p => p < 1) || percent.Zip(percent.Skip(1)).Any(p => p.Second > p.First))
                {
                    throw new ParameterException(
                        $"{Name}: parameter 'retention_percent' needs {layers} non-increasing values in [1, 100] for {model.Name}, got {percent.Length}.");
                }

                break;
        }

        // Every decision needs a score: a decision after an MLP layer reuses the last scored layer's.
        _ = ScoredLayers(Schedule(resolved, layers), model, resolved.Beta);
        return resolved;
    }

    protected override string ReduceLayers(StatefulParameters values, ModelShape model) =>
        Schedule(values, model.LayerCount).DecisionLayers();

    protected override IReducer CreateReducer(StatefulParameters values, ModelShape model, SampleLayout sample, int seed)
    {
        var schedule = Schedule(values, model.LayerCount);
        var request = new SignalRequest(SignalKinds.Score, values.Queries, values.Implicit, values.Transform);
        return new StatefulReducer(schedule, ScoredLayers(schedule, model, values.Beta), request, values.Beta, sample.VisualCount);
    }

    /// <summary>Retention plan of resolved parameters.</summary>
    internal static RetentionSchedule Schedule(StatefulParameters values, int layers) => values.Schedule switch
    {
        StatefulSchedule.Power => PowerSchedule(values.StartLayer, values.Gamma, values.RMin, layers),
        StatefulSchedule.Step => StepSchedule(values.StepLayers, values.StepDrop, layers),
        _ => new RetentionSchedule(values.RetentionPercent.Select(p => p / 100.0).ToArray()),
    };

    /// <summary>r_ℓ = 1 for ℓ ≤ ℓ₀, then r_ℓ = 1 − (1 − r_min)·((ℓ − ℓ₀)/(L − 1 − ℓ₀))^γ.</summary>
    internal static RetentionSchedule PowerSchedule(int start, double gamma, double rMin, int layers) =>
        new(Enumerable.Range(0, layers)
            .Select(l => l <= start ? 1 : 1 - (1 - rMin) * Math.Pow((double)(l - start) / (layers - 1 - start), gamma))
            .ToArray());

    /// <summary>Drops a fraction <paramref name="drop"/> of the current tokens after each listed layer.</summary>
    internal static RetentionSchedule StepSchedule(IReadOnlyCollection<int> stepLayers, double drop, int layers)
    {
        var entering = new double[layers];
        entering[0] = 1;
        for (var l = 0; l + 1 < layers; l++)
        {
            entering[l + 1] = stepLayers.Contains(l) ? entering[l] * (1 - drop) : entering[l];
        }

        return new RetentionSchedule(entering);
    }

    /// <summary>
    /// Layers after which a score is requested: every decision layer, or for a decision after an MLP layer the
    /// last scored layer before it; with β &gt; 0 every scoring layer from the first of those on (the EMA needs them).
    /// </summary>
    internal static IReadOnlySet<int> ScoredLayers(RetentionSchedule schedule, ModelShape model, double beta)
    {
        var decisions = Enumerable.Range(0, model.LayerCount - 1).Where(schedule.DropsAfter).ToList();
        var scored = decisions.Select(d => LastScoringLayer(model, d)).Concat(decisions).ToHashSet();
        if (beta > 0 && decisions.Count > 0)
        {
            scored.UnionWith(Enumerable.Range(scored.Min(), decisions.Max() - scored.Min() + 1).Where(l => model.Layers[l] != LayerKind.Mlp));
        }

        return scored;
    }

    /// <summary>The latest attention or Mamba layer at or before <paramref name="layer"/>.</summary>
    private static int LastScoringLayer(ModelShape model, int layer)
    {
        for (var l = layer; l >= 0; l--)
        {
            if (model.Layers[l] != LayerKind.Mlp)
            {
                return l;
            }
        }

        throw new ParameterException($"stateful: the decision after MLP layer {layer} of {model.Name} has no earlier attention or Mamba layer to take a score from.");
    }

    private static int DefaultStart(ModelShape model)
    {
        var firstAttention = model.NextAttentionLayer(0);
        return model.Family == ModelFamily.Hybrid && firstAttention >= 0
            ? firstAttention
            : (int)Math.Round(0.1 * model.LayerCount);
    }

    private double Solve(Func<double, RetentionSchedule> family, StatefulParameters values, string knobs, double lo, double hi) =>
        BudgetSolver.Solve(x => family(x).Mean, values.Retention, lo, hi)
        ?? throw new ParameterException(string.Create(CultureInfo.InvariantCulture,
            $"{Name}: mean retention {values.Retention} is below what the {values.Schedule} schedule from layer {values.StartLayer} can reach; change '{knobs}'."));
}
