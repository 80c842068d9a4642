using PruneBench.Abstractions.Methods;
using PruneBench.Abstractions.Model;
using PruneBench.Abstractions.Tokens;
using PruneBench.Plugins.Builtin.Common;

namespace PruneBench.Plugins.Builtin.Random;

/// <summary>Random pruning baseline (METHODS.md "random"): same seed ⇒ same tokens.</summary>
public sealed class RandomMethod : ReductionMethod<RandomParameters>
{
    public override string Name => "random";

    public override string Description => "Keep a seeded uniform random subset of visual tokens before layer k.";

    protected override RandomParameters Resolve(RandomParameters values, IReadOnlySet<string> userKeys, double? budget, ModelShape model)
    {
        var (k, ratio) = OneShotBudget.Resolve(Name, model, values.K, values.Ratio, userKeys, budget);
        return values with { K = k, Ratio = ratio };
    }

    protected override string ReduceLayers(RandomParameters values, ModelShape model) =>
        Schedule(values, model).DecisionLayers();

    protected override IReducer CreateReducer(RandomParameters values, ModelShape model, SampleLayout sample, int seed) =>
        new RandomReducer(values.K - 1, Schedule(values, model).Count(values.K, sample.VisualCount), seed);

    private static RetentionSchedule Schedule(RandomParameters values, ModelShape model) =>
        RetentionSchedule.OneShot(model.LayerCount, values.K, values.Ratio);
}
