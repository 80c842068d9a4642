using PruneBench.Abstractions.Methods;
using PruneBench.Abstractions.Model;
using PruneBench.Abstractions.Tokens;

namespace PruneBench.Abstractions.Scoring;

/// <summary>
/// The short path for score-based pruning (kvpress's ScorerPress is the model): a method says, per layer, which
/// score it wants and how many visual tokens stay; the engine computes the score, keeps the top-k and compacts,
/// on the device. Parameter parsing, validation and the canonical string come from
/// <see cref="ReductionMethod{TParameters}"/>; the budget maths from <see cref="Budgets.RetentionSchedule"/> and
/// <see cref="Budgets.BudgetSolver"/>. Methods that need host logic (merging, grouping) implement
/// <see cref="ReductionMethod{TParameters}"/> with their own <see cref="IReducer"/>.
/// </summary>
/// <typeparam name="TParameters">The parameter record.</typeparam>
public abstract class ScorePruningMethod<TParameters> : ReductionMethod<TParameters>
    where TParameters : class, new()
{
    /// <summary>
    /// What to do after <paramref name="layer"/> (−1 = before the LLM, up to L − 2) for one sample, or null for
    /// nothing. Called once per layer when the sample's reducer is created.
    /// </summary>
    protected abstract ScoreStep? After(TParameters values, ModelShape model, SampleLayout sample, int layer);

    /// <inheritdoc />
    protected sealed override IReducer CreateReducer(TParameters values, ModelShape model, SampleLayout sample, int seed) =>
        new ScorePruner(Name, model.Layers, [.. Enumerable.Range(-1, model.LayerCount + 1).Select(l => l < model.LayerCount - 1 ? After(values, model, sample, l) : null)],
            sample.VisualCount, seed);
}
