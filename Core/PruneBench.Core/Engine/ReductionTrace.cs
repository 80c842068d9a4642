namespace PruneBench.Core.Engine;

/// <summary>
/// Per-layer record for analysis (the paper's Figure 1) and for where a run reduced. Indexed by layer ℓ.
/// </summary>
/// <param name="Survivors">[L] original visual indices entering layer ℓ, ascending.</param>
/// <param name="Scores">[L] score of each original visual index measured at layer ℓ (NaN where the token was gone); null entries for layers without a signal, and everywhere unless scores were recorded (<see cref="RunOptions.RecordScores"/>).</param>
/// <param name="VisualCount">N_v of the prompt.</param>
public sealed record ReductionTrace(int[][] Survivors, float[]?[] Scores, int VisualCount)
{
    /// <summary>
    /// Layers after which visual tokens were removed or merged (−1: before the LLM), ascending: what the results'
    /// reduce_layers column reports, derived from what happened rather than declared by the method.
    /// </summary>
    public IReadOnlyList<int> ReducedAfter() =>
        [.. Enumerable.Range(-1, Survivors.Length).Where(l => l + 1 < Survivors.Length
            && Survivors[l + 1].Length < (l < 0 ? VisualCount : Survivors[l].Length))];
}
