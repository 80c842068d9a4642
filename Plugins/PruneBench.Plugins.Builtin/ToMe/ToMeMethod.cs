using System.Globalization;
using PruneBench.Abstractions.Budgets;
using PruneBench.Abstractions.Methods;
using PruneBench.Abstractions.Model;
using PruneBench.Abstractions.Parameters;
using PruneBench.Abstractions.Tokens;

namespace PruneBench.Plugins.Builtin.ToMe;

/// <summary>
/// Token Merging (Bolya et al.) restricted to the visual span: bipartite soft matching after each of the
/// first N layers, merging a constant r = (1 − ratio)·N_v/N tokens per layer (at most half of them, the
/// most one bipartite step can merge).
/// </summary>
public sealed class ToMeMethod : ReductionMethod<ToMeParameters>
{
    public override string Name => "tome";

    public override string Description => "Merge similar visual tokens by bipartite soft matching in the first N layers (ToMe).";

    protected override ToMeParameters Resolve(ToMeParameters values, IReadOnlySet<string> userKeys, double? budget, ModelShape model)
    {
        var last = model.LayerCount - 1;
        if (values.Layers > last)
        {
            throw new NotApplicableException($"{Name}: parameter 'layers' = {values.Layers} exceeds the {last} layers after which {model.Name} can merge.");
        }

        // ToMe's 24 merge layers of a 32-layer model, scaled to this depth.
        var defaultLayers = Math.Clamp((int)Math.Round(24.0 * model.LayerCount / 32), 1, Math.Max(1, last));
        var resolved = values with { Layers = values.Layers == -1 ? defaultLayers : values.Layers };
        if (budget is not { } b || userKeys.Contains("ratio"))
        {
            return resolved;
        }

        // Try the requested depth first, then the depths nearest to it (only when the user left it open).
        var candidates = userKeys.Contains("layers")
            ? [resolved.Layers]
            : Enumerable.Range(1, Math.Max(1, last)).OrderBy(n => Math.Abs(n - resolved.Layers)).ThenBy(n => n).ToArray();
        foreach (var n in candidates)
        {
            if (BudgetSolver.Solve(r => Schedule(n, r, model.LayerCount).Mean, b, 1e-9, 1) is { } ratio)
            {
                return resolved with { Layers = n, Ratio = ratio };
            }
        }

        throw new NotApplicableException(string.Create(CultureInfo.InvariantCulture,
            $"{Name}: budget {b} cannot be met by merging in the first {resolved.Layers} layers of {model.Name} (a bipartite step merges at most half the tokens); change 'layers'."));
    }

    protected override IReducer CreateReducer(ToMeParameters values, ModelShape model, SampleLayout sample, int seed) =>
        new ToMeReducer(model, values.Layers, Schedule(values.Layers, values.Ratio, model.LayerCount), sample.VisualCount, values.ProportionalAttention);

    /// <summary>
    /// r_{ℓ+1} = max(r_ℓ − (1 − ratio)/N, r_ℓ/2) for ℓ &lt; N, then constant: a constant merge count per
    /// layer, capped by what one bipartite step can merge.
    /// </summary>
    internal static RetentionSchedule Schedule(int mergeLayers, double ratio, int layers)
    {
        var entering = new double[layers];
        entering[0] = 1;
        for (var l = 0; l + 1 < layers; l++)
        {
            entering[l + 1] = l < mergeLayers ? Math.Max(entering[l] - (1 - ratio) / mergeLayers, entering[l] / 2) : entering[l];
        }

        return new RetentionSchedule(entering);
    }
}
