using System.Globalization;
using PruneBench.Abstractions.Budgets;
using PruneBench.Abstractions.Methods;
using PruneBench.Abstractions.Model;
using PruneBench.Abstractions.Parameters;
using PruneBench.Abstractions.Tokens;

namespace PruneBench.Plugins.Builtin.Vas;

/// <summary>
/// VAS (../papers/003, Algorithm 1). When drops happen depends on the attention trend of each sample, so
/// the budget is mapped through the drops that are guaranteed: one every <c>interval</c> layers from the
/// start layer. Trend-triggered drops come on top, so measured retention is at most the budget (up to the
/// rounding of whole frames or positions) and is reported as measured.
/// </summary>
public sealed class VasMethod : ReductionMethod<VasParameters>
{
    public override string Name => "vas";

    public override string Description => "Drop whole frames or positions whose attention keeps shrinking across layers (VAS).";

    protected override VasParameters Resolve(VasParameters values, IReadOnlySet<string> userKeys, double? budget, ModelShape model)
    {
        var end = values.EndLayer == -1 ? model.LayerCount - 4 : values.EndLayer;
        if (end > model.LayerCount - 2 || end < values.StartLayer)
        {
            // The paper's default (L−4) assumes a deep LLM; on a shallow model say where the end came from.
            var origin = values.EndLayer == -1 ? $" (the default end_layer is L−4 = {end}; set end_layer between start_layer and {model.LayerCount - 2})" : "";
            throw new NotApplicableException(
                $"{Name}: layers start_layer={values.StartLayer}..end_layer={end} are not a range before the last layer of {model.Name} ({model.LayerCount} layers){origin}.");
        }

        var resolved = values with { EndLayer = end };
        if (budget is not { } b || userKeys.Contains("drop"))
        {
            return resolved;
        }

        var keep = BudgetSolver.Solve(k => GuaranteedSchedule(resolved with { Drop = 1 - k }, model).Mean, b, 0.01, 1 - 1e-9)
            ?? throw new NotApplicableException(string.Create(CultureInfo.InvariantCulture,
                $"{Name}: budget {b} cannot be met between layers {values.StartLayer} and {end} with interval {values.Interval}; lower 'start_layer' or 'interval'."));
        return resolved with { Drop = 1 - keep };
    }

    protected override IReducer CreateReducer(VasParameters values, ModelShape model, SampleLayout sample, int seed) =>
        new VasReducer(values, sample, model);

    /// <summary>
    /// Retention when only the interval rule fires: a drop of r after the first tracked layer at least
    /// <c>interval</c> layers after the previous drop (MLP layers of a hybrid carry no score and are skipped).
    /// </summary>
    internal static RetentionSchedule GuaranteedSchedule(VasParameters values, ModelShape model)
    {
        var layers = model.LayerCount;
        var entering = new double[layers];
        entering[0] = 1;
        var lastDrop = values.StartLayer - 1;
        for (var l = 0; l + 1 < layers; l++)
        {
            var drops = VasReducer.Tracks(values, model, l) && l - lastDrop >= values.Interval;
            lastDrop = drops ? l : lastDrop;
            entering[l + 1] = drops ? entering[l] * (1 - values.Drop) : entering[l];
        }

        return new RetentionSchedule(entering);
    }
}
