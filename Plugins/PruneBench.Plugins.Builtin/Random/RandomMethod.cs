using PruneBench.Abstractions.Budgets;
using PruneBench.Abstractions.Model;
using PruneBench.Abstractions.Scoring;
using PruneBench.Abstractions.Tokens;
using PruneBench.Plugins.Builtin.Common;

namespace PruneBench.Plugins.Builtin.Random;

/// <summary>Random pruning baseline (METHODS.md "random"): same seed ⇒ same tokens.</summary>
public sealed class RandomMethod : ScorePruningMethod<RandomParameters>
{
    public override string Name => "random";

    public override string Description => "Keep a seeded uniform random subset of visual tokens before layer k.";

    protected override RandomParameters Resolve(RandomParameters values, IReadOnlySet<string> userKeys, double? budget, ModelShape model)
    {
        var (k, ratio) = OneShotBudget.Resolve(Name, model, values.K, values.Ratio, userKeys, budget);
        return values with { K = k, Ratio = ratio };
    }

    /// <summary>After layer K − 1 (−1: before the LLM): seeded noise, keep ⌈ratio·N_v⌉ — a uniform random subset.</summary>
    protected override ScoreStep? After(RandomParameters values, ModelShape model, SampleLayout sample, int layer) =>
        layer == values.K - 1
            ? new ScoreStep(ScoreRequest.Random, RetentionSchedule.OneShot(model.LayerCount, values.K, values.Ratio).Count(values.K, sample.VisualCount))
            : null;
}
