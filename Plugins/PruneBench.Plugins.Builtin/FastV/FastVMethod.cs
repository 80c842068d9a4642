using PruneBench.Abstractions.Budgets;
using PruneBench.Abstractions.Model;
using PruneBench.Abstractions.Parameters;
using PruneBench.Abstractions.Scoring;
using PruneBench.Abstractions.Tokens;
using PruneBench.Plugins.Builtin.Common;

namespace PruneBench.Plugins.Builtin.FastV;

/// <summary>
/// FastV (Chen et al., "An Image is Worth 1/2 Tokens After Layer 2"): rank visual tokens by the attention
/// they receive at layer K−1 and prune the rest before layer K. On a hybrid, K−1 must carry a score:
/// with <c>signal=attention</c> it moves to the nearest attention layer at or after K−1; the resolved K is
/// what the canonical parameters report.
/// </summary>
public sealed class FastVMethod : ScorePruningMethod<FastVParameters>
{
    public override string Name => "fastv";

    public override string Description => "Prune visual tokens by the query attention of layer k−1 (FastV).";

    protected override FastVParameters Resolve(FastVParameters values, IReadOnlySet<string> userKeys, double? budget, ModelShape model)
    {
        int Effective(int k) => EffectiveK(k, values.Signal, model);

        if (budget is { } b && !userKeys.Contains("ratio"))
        {
            var (k, ratio) = OneShotBudget.Fit(Name, model.LayerCount, values.K, userKeys.Contains("k"), 1, Effective, b);
            return values with { K = k, Ratio = ratio };
        }

        var resolved = Effective(values.K);
        if (resolved < 0 || resolved > model.LayerCount - 1)
        {
            throw new NotApplicableException(
                $"{Name}: parameter 'k' = {values.K} leaves no {(values.Signal == FastVSignal.Attention ? "attention" : "scoring")} layer before the last layer of {model.Name}.");
        }

        return values with { K = resolved };
    }

    /// <summary>After layer K − 1: its own mixer's score, keep ⌈ratio·N_v⌉.</summary>
    protected override ScoreStep? After(FastVParameters values, ModelShape model, SampleLayout sample, int layer) =>
        layer == values.K - 1
            ? new ScoreStep(ScoreRequest.OfMixer(model.Layers[layer], values.Queries),
                RetentionSchedule.OneShot(model.LayerCount, values.K, values.Ratio).Count(values.K, sample.VisualCount))
            : null;

    /// <summary>The first layer that sees the pruned set when K is requested; −1 when no layer can score.</summary>
    private static int EffectiveK(int k, FastVSignal signal, ModelShape model)
    {
        for (var l = k - 1; l < model.LayerCount; l++)
        {
            var kind = model.Layers[l];
            if (kind == LayerKind.Attention || (signal == FastVSignal.Implicit && kind == LayerKind.Mamba))
            {
                return l + 1;
            }
        }

        return -1;
    }
}
