using PruneBench.Abstractions.Budgets;
using PruneBench.Abstractions.Methods;
using PruneBench.Abstractions.Model;
using PruneBench.Abstractions.Tokens;
using PruneBench.Plugins.Builtin.Common;

namespace PruneBench.Plugins.Builtin.Pool;

/// <summary>Average-pooling baseline (METHODS.md "pool", VCC-style), spatial or temporal.</summary>
public sealed class PoolMethod : ReductionMethod<PoolParameters>
{
    public override string Name => "pool";

    public override string Description => "Average adjacent visual tokens (within a frame or across frames) before layer k.";

    protected override PoolParameters Resolve(PoolParameters values, IReadOnlySet<string> userKeys, double? budget, ModelShape model)
    {
        var (k, ratio) = OneShotBudget.Resolve(Name, model, values.K, values.Ratio, userKeys, budget);
        return values with { K = k, Ratio = ratio };
    }

    protected override IReducer CreateReducer(PoolParameters values, ModelShape model, SampleLayout sample, int seed) =>
        new PoolReducer(values.K - 1,
            RetentionSchedule.OneShot(model.LayerCount, values.K, values.Ratio).Count(values.K, sample.VisualCount),
            values.Axis, sample.TokensPerFrame);
}
