using System.Globalization;
using PruneBench.Abstractions.Budgets;
using PruneBench.Abstractions.Model;
using PruneBench.Abstractions.Parameters;
using PruneBench.Abstractions.Scoring;
using PruneBench.Abstractions.Tokens;

namespace PruneBench.Plugins.Builtin.Stateful;

/// <summary>
/// Stateful token reduction for hybrids (../papers/000): all-layer, low-to-high progressive schedule with
/// unified language-aware scoring (query attention on attention layers, implicit attention on Mamba2
/// layers, the last score reused on MLP layers).
/// <para>
/// Default schedule, ramp (a reconstruction; the paper's formula is not public): each layer ℓ ≥ ℓ₀ drops the
/// fraction p_ℓ = p_max·(ℓ − ℓ₀ + 1)/(L − ℓ₀) of the visual tokens still alive, so the drop fraction grows with
/// depth; p_max is solved so that the mean retention over all L layers equals the budget. A budget
/// a schedule cannot reach is <see cref="NotApplicableException"/> naming the reachable range; no knob the
/// user did not ask for is bent to reach it.
/// </para>
/// </summary>
public sealed class StatefulMethod : ScorePruningMethod<StatefulParameters>
{
    public override string Name => "stateful";

    public override string Description => "All-layer low-to-high progressive reduction with unified attention/implicit-attention scores (hybrids).";

    protected override StatefulParameters Resolve(StatefulParameters values, IReadOnlySet<string> userKeys, double? budget, ModelShape model)
    {
        var layers = model.LayerCount;
        var start = values.StartLayer;
        if (start > layers - 1)
        {
            throw new NotApplicableException($"{Name}: parameter 'start_layer' = {start} leaves no layer to reduce in {model.Name} ({layers} layers).");
        }

        var resolved = values;
        if (budget is { } b && !userKeys.Contains("retention"))
        {
            if (values.Schedule == StatefulSchedule.Explicit)
            {
                throw new InvalidParameterException($"{Name}: schedule=explicit fixes the retention of every layer; a budget cannot be applied.");
            }

            resolved = resolved with { Retention = b };
        }

        switch (resolved.Schedule)
        {
            case StatefulSchedule.Ramp or StatefulSchedule.Geometric when !userKeys.Contains("p_max"):
                // The solver wants a knob that raises retention: keep = 1 − p_max.
                resolved = resolved with { PMax = 1 - Solve(keep => Schedule(resolved with { PMax = 1 - keep }, layers), resolved, model, "start_layer") };
                break;
            case StatefulSchedule.Power when !userKeys.Contains("r_min"):
                resolved = resolved with { RMin = Solve(r => Schedule(resolved with { RMin = r }, layers), resolved, model, "gamma' or 'start_layer") };
                break;
            case StatefulSchedule.Step:
                var steps = resolved.StepLayers.Length > 0
                    ? resolved.StepLayers
                    : Enumerable.Range(start - 1, layers - start).Where(l => model.Layers[l] == LayerKind.Attention).ToArray();
                if (steps.Length == 0 || steps.Any(l => l > layers - 2))
                {
                    throw new NotApplicableException($"{Name}: parameter 'step_layers' must list layers 0..{layers - 2} of {model.Name}.");
                }

                resolved = resolved with { StepLayers = steps.Distinct().Order().ToArray() };
                if (!userKeys.Contains("step_drop"))
                {
                    resolved = resolved with { StepDrop = 1 - Solve(keep => Schedule(resolved with { StepDrop = 1 - keep }, layers), resolved, model, "step_layers") };
                }

                break;
            case StatefulSchedule.Explicit:
                var percent = resolved.RetentionPercent;
                if (percent.Length != layers || percent.Any(p => p < 1) || percent.Zip(percent.Skip(1)).Any(p => p.Second > p.First))
                {
                    throw new NotApplicableException(
                        $"{Name}: parameter 'retention_percent' needs {layers} non-increasing values in [1, 100] for {model.Name}, got {percent.Length}.");
                }

                break;
        }

        // Every decision needs a score: a decision after an MLP layer reuses the last scored layer's.
        _ = ScoredLayers(Schedule(resolved, layers), model, resolved.Beta);
        return resolved;
    }

    /// <summary>
    /// After each scored layer its own mixer's score (none on MLP layers: the running score is reused), blended with
    /// weight β; after each layer where the schedule drops, keep ⌈r_{ℓ+1}·N_v⌉ by running score.
    /// </summary>
    protected override ScoreStep? After(StatefulParameters values, ModelShape model, SampleLayout sample, int layer)
    {
        var schedule = Schedule(values, model.LayerCount);
        var drops = schedule.DropsAfter(layer);
        var scores = layer >= 0 && ScoredLayers(schedule, model, values.Beta).Contains(layer);
        if (!drops && !scores)
        {
            return null;
        }

        var score = scores ? ScoreRequest.OfMixer(model.Layers[layer], values.Queries, values.Implicit, values.Transform, values.Beta) : ScoreRequest.Previous;
        return new ScoreStep(score, drops ? schedule.Count(layer + 1, sample.VisualCount) : sample.VisualCount);
    }

    /// <summary>
    /// Retention plan of resolved parameters on a model of <paramref name="layers"/> layers. ℓ₀ is the first layer
    /// that sees fewer tokens (its drop is a decision after layer ℓ₀ − 1); layer ℓ ≥ ℓ₀ drops p_ℓ of the tokens
    /// still alive, r_ℓ = r_{ℓ−1}·(1 − p_ℓ).
    /// </summary>
    internal static RetentionSchedule Schedule(StatefulParameters values, int layers)
    {
        var start = values.StartLayer;
        // p_ℓ of layer ℓ is the drop after layer ℓ − 1.
        RetentionSchedule Drops(Func<int, double> p) =>
            RetentionSchedule.FromDropFractions(Enumerable.Range(1, layers - 1).Select(l => l < start ? 0 : p(l)).ToArray());
        return values.Schedule switch
        {
            StatefulSchedule.Ramp => Drops(l => values.PMax * (l - start + 1) / (layers - start)),
            StatefulSchedule.Geometric => Drops(_ => values.PMax),
            StatefulSchedule.Power => new RetentionSchedule(Enumerable.Range(0, layers)
                .Select(l => l < start ? 1 : 1 - (1 - values.RMin) * Math.Pow((double)(l - start + 1) / (layers - start), values.Gamma))
                .ToArray()),
            StatefulSchedule.Step => RetentionSchedule.FromDropFractions(Enumerable.Range(0, layers - 1)
                .Select(l => values.StepLayers.Contains(l) ? values.StepDrop : 0).ToArray()),
            _ => new RetentionSchedule(values.RetentionPercent.Select(p => p / 100.0).ToArray()),
        };
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

        throw new NotApplicableException($"stateful: the decision after MLP layer {layer} of {model.Name} has no earlier attention or Mamba layer to take a score from; raise 'start_layer'.");
    }

    /// <summary>
    /// Solves a one-knob family (knob in [0, 1], retention rising with it) for the target; out of reach, names
    /// the range the family can reach on this model and the knobs that move it.
    /// </summary>
    private double Solve(Func<double, RetentionSchedule> family, StatefulParameters values, ModelShape model, string knobs) =>
        BudgetSolver.Solve(x => family(x).Mean, values.Retention, 0, 1)
        ?? throw new NotApplicableException(string.Create(CultureInfo.InvariantCulture,
            $"{Name}: mean retention {values.Retention} is out of reach of the {ParameterText.ToSnakeCase(values.Schedule.ToString())} schedule from start_layer {values.StartLayer} on {model.Name} ({model.LayerCount} layers): reachable [{family(0).Mean:0.###}, {family(1).Mean:0.###}]; change '{knobs}' or the schedule."));
}
