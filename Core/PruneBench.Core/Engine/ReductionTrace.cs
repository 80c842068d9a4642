namespace PruneBench.Core.Engine;

/// <summary>
/// Per-layer record for analysis (the paper's Figure 1). Indexed by layer ℓ.
/// </summary>
/// <param name="Survivors">[L] original visual indices entering layer ℓ, ascending.</param>
/// <param name="Scores">[L] score of each original visual index measured at layer ℓ (NaN where the token was gone); null entries for layers without a signal, and everywhere unless scores were recorded (<see cref="RunOptions.RecordScores"/>).</param>
public sealed record ReductionTrace(int[][] Survivors, float[]?[] Scores);
