using PruneBench.Abstractions.Budgets;
using PruneBench.Abstractions.Model;
using PruneBench.Abstractions.Parameters;
using PruneBench.Abstractions.Scoring;
using PruneBench.Abstractions.Tokens;

namespace KeyNormPruner;

/// <summary>KnormPress for visual tokens: after one attention layer, keep those whose keys have the smallest norm.</summary>
public sealed class KeyNormMethod : ScorePruningMethod<KeyNormParameters>
{
    public override string Name => "keynorm";

    public override string Description => "Keep the visual tokens with the smallest key norm after one attention layer (KnormPress).";

    protected override KeyNormParameters Resolve(KeyNormParameters values, IReadOnlySet<string> userKeys, double? budget, ModelShape model)
    {
        var layer = model.NextAttentionLayer(values.Layer);
        if (layer < 0 || layer > model.LayerCount - 2)
        {
            throw new NotApplicableException($"{Name}: {model.Name} has no attention layer from layer {values.Layer} on before its last layer.");
        }

        var resolved = values with { Layer = layer };
        return budget is not { } b || userKeys.Contains("ratio")
            ? resolved
            : resolved with
            {
                Ratio = BudgetSolver.Solve(r => Plan(resolved with { Ratio = r }, model).Mean, b, 0, 1)
                        ?? throw new NotApplicableException($"{Name}: budget {b} is below what layers 0..{layer} already use; lower 'layer'."),
            };
    }

    protected override ScoreStep? After(KeyNormParameters values, ModelShape model, SampleLayout sample, int layer) =>
        layer == values.Layer ? new ScoreStep(ScoreRequest.InverseKeyNorm(), Plan(values, model).Count(layer + 1, sample.VisualCount)) : null;

    // Layers 0..Layer see every visual token, the rest see ratio of them.
    private static RetentionSchedule Plan(KeyNormParameters values, ModelShape model) =>
        RetentionSchedule.OneShot(model.LayerCount, values.Layer + 1, values.Ratio);
}
